/**
 * The merchant's review of payout details a creator changed in the portal, posted by PayoutDetailsReviewCard through a
 * fetcher: "Approve payout details" clears the hold on the creator's next payout (reviewedBy/At, audit event). Only the
 * owner and staff allowed to approve payouts may (403 otherwise, nothing changed). Answers JSON { ok, message }.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { approvePayoutDetails } from "../services/portal/payout-details-changes.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export type PayoutDetailsActionData = { ok: true; message: string } | { ok: false; message: string };

const answer = (data: PayoutDetailsActionData, status: number) => Response.json(data, { status });

const formSchema = z.object({
  intent: z.literal("approve", { error: "Unknown action: reload the page and use Approve payout details." }),
  seenUpdatedAt: z.string().min(1, "Reload the page: the form lost which details you reviewed."),
});

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const creatorId = z.string().min(1).parse(params.creatorId);
  const form = formSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return answer({ ok: false, message: form.error.issues[0]?.message ?? "Reload the page and try again." }, 400);
  const result = await approvePayoutDetails(db, { shop, creatorId, actor: readStaffActor(context), now: new Date(), seenUpdatedAt: form.data.seenUpdatedAt });
  if (!result.ok) return answer({ ok: false, message: result.message }, result.status);
  return answer({ ok: true, message: "Payout details approved: the next payout can include this creator." }, 200);
};
