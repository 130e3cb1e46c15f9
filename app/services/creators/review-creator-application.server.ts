import { changeCreatorStatus, type StatusChangeResult } from "./change-creator-status.server";
import type { CreatorServiceDeps } from "./creator-service-deps.server";

/**
 * Approves or rejects a pending application: the creator's status moves through the transition table, the
 * application records who reviewed it and when (same transaction), then email and code follow. A code failure
 * leaves the approval in place and comes back as a notice.
 */
export async function reviewCreatorApplication(
  deps: CreatorServiceDeps,
  input: { shop: string; actor: string; applicationId: string; decision: "approve" | "reject"; reason?: string | null },
): Promise<StatusChangeResult | null> {
  const application = await deps.db.creatorApplication.findFirst({
    where: { shop: input.shop, id: input.applicationId },
  });
  if (application === null) return null;
  if (application.status !== "pending") {
    return { ok: true, changed: [], refused: [{ id: application.creatorId, name: "This application", message: `This application was already ${application.status}.` }], notices: [] };
  }
  return changeCreatorStatus(deps, {
    shop: input.shop,
    actor: input.actor,
    creatorIds: [application.creatorId],
    to: input.decision === "approve" ? "approved" : "rejected",
    reason: input.reason ?? null,
  });
}
