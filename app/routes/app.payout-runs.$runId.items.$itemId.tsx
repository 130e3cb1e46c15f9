/**
 * POST only: a person marks one payout run item paid or failed: an item that needs review (the provider's answer was
 * ambiguous), or a manual / bank-file item paid outside Affable. The run pages (app.payout-runs.*) post here with
 * `outcome` (paid | failed) and `reason` (required for failed: the creator sees it). Only staff who may approve
 * payouts may do it (the owner, or someone the owner marked). Answers JSON: { ok, message } with 400 / 403 / 404 / 409.
 */
import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { markItemOutcome } from "../services/payouts/execute/mark-item-outcome.server";
import { canApprovePayouts } from "../services/staff/payout-approvers.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const action = async ({ request, params }: ActionFunctionArgs) => {
  if (request.method !== "POST") return Response.json({ ok: false, message: "Use POST to mark a payout paid or failed." }, { status: 405, headers: { Allow: "POST" } });
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const actor = readStaffActor(context);
  if (!(await canApprovePayouts(db, shop, actor.replace(/^staff:/, "")))) {
    return Response.json({ ok: false, message: "Only the shop owner and staff they allow to approve payouts can mark payouts paid or failed. Ask the owner in Settings › Staff permissions." }, { status: 403 });
  }
  const form = await request.formData();
  const result = await markItemOutcome(db, shop, params.itemId ?? "", form.get("outcome"), form.get("reason"), actor, { runId: params.runId ?? "" });
  if (!result.ok) return Response.json({ ok: false, message: result.message }, { status: result.status });
  const paid = result.item.status === "succeeded";
  return Response.json({
    ok: true,
    message: paid ? "Marked paid. The creator gets their statement by email." : "Marked failed. The commissions are owed again and join the next payout run.",
  });
};
