/** Actions on a creator's referral links, posted by CreatorLinksCard through a fetcher (`intent`: create | delete). */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import type { CodeError } from "../services/codes-links/creator-code-support.server";
import { createReferralLink, deleteReferralLink } from "../services/codes-links/referral-links.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

const utm = z.string().trim().max(255, "Keep UTM values under 255 characters.").optional();

const intentSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    path: z.string().trim().max(1000).default("/"),
    label: z.string().trim().max(255).optional(),
    utmSource: utm,
    utmMedium: utm,
    utmCampaign: utm,
  }),
  z.object({ intent: z.literal("delete"), linkId: z.string().min(1) }),
]);

export type LinkActionData = { ok: true; intent: string; message: string } | { ok: false; intent: string; errors: CodeError[] };

export const action = async ({ request, params }: ActionFunctionArgs): Promise<LinkActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const creatorId = z.string().min(1).parse(params.creatorId);
  const parsed = intentSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return { ok: false, intent: "unknown", errors: parsed.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message })) };
  }
  const actor = readStaffActor(context);
  if (parsed.data.intent === "create") {
    const result = await createReferralLink(db, { shop, creatorId, actor, ...parsed.data });
    return result.ok ? { ok: true, intent: "create", message: "Link added" } : { ok: false, intent: "create", errors: result.errors };
  }
  const result = await deleteReferralLink(db, { shop, linkId: parsed.data.linkId, actor });
  return result.ok ? { ok: true, intent: "delete", message: "Link deleted" } : { ok: false, intent: "delete", errors: result.errors };
};
