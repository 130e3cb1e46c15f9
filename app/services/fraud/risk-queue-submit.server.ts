/**
 * The flag page's action: reads the form (risk-queue-decide.server.ts), hands the decision to risk-flags.server.ts
 * (decideRiskFlag: dismiss / release / reverse; runRiskFlagAction: pause the creator / rotate the code) and answers
 * with a status and a sentence that says what happened or what to do next.
 */
import type { Database } from "../../db.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { decideRiskFlag, runRiskFlagAction } from "./risk-flags.server";
import { parseRiskFlagForm, type RiskFlagActionAnswer } from "./risk-queue-decide.server";

export const RISK_FLAG_NOT_FOUND = "This risk flag does not exist in your store. The link may be wrong or from another store; open Risk and pick the flag from the list.";

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

export async function submitRiskFlagAction(
  db: Database,
  admin: AdminGraphqlClient,
  input: { shop: string; flagId: string; actor: string; form: Record<string, unknown>; now: Date },
): Promise<RiskFlagActionAnswer> {
  const parsed = parseRiskFlagForm(input.form);
  if (!parsed.ok) return parsed.answer;
  const { intent, reason, version, newCode } = parsed.value;
  const flag = await db.riskFlag.findFirst({ where: { shop: input.shop, id: input.flagId }, select: { id: true } });
  if (flag === null) return { status: 404, body: { ok: false, message: RISK_FLAG_NOT_FOUND } };

  if (intent === "dismiss" || intent === "release" || intent === "reverse") {
    const result = await decideRiskFlag(db, { shop: input.shop, flagId: flag.id, expectedVersion: version, decision: intent, reason, actor: input.actor, now: input.now });
    if (result.ok) {
      const message =
        result.status === "reversed"
          ? `Reversed ${plural(result.reversed, "commission")}${result.clawedBack > 0 ? ` (${result.clawedBack} already paid: clawed back from the next payout)` : ""}.`
          : `${result.status === "dismissed" ? "Dismissed: the rule skips this pattern for this creator from now on." : "Released."} ${result.released > 0 ? `${plural(result.released, "commission")} went back to the approval path.` : "Nothing was held by this flag alone."}`;
      return { status: 200, body: { ok: true, message } };
    }
    if (result.status === 422) {
      const error = result.errors[0];
      return { status: 400, body: { ok: false, message: error?.message ?? "The form was incomplete. Reload the page and try again.", field: error?.field === "expectedVersion" ? "version" : (error?.field ?? "form") } };
    }
    if (result.status === 404) return { status: 404, body: { ok: false, message: RISK_FLAG_NOT_FOUND } };
    // A decided flag: said in the merchant's words (the service's message names the deciding actor's raw id).
    const message = result.currentStatus === "open" ? result.message : `This flag was already ${result.currentStatus} while you were reading it. Reload the page to see that decision and its reason.`;
    return { status: 409, body: { ok: false, message } };
  }

  // Pausing and rotating leave the flag open (the money is still to be decided); they need no version.
  const typedCode = intent === "rotate_code" && newCode ? { newCode } : {};
  const result = await runRiskFlagAction(db, { admin }, { shop: input.shop, flagId: flag.id, action: intent, reason, actor: input.actor, now: input.now, ...typedCode });
  if (result.ok) {
    const notices = result.notices.length > 0 ? ` ${result.notices.join(" ")}` : "";
    return { status: 200, body: { ok: true, message: `${result.message}${notices}` } };
  }
  if (result.status === 422) return { status: 400, body: { ok: false, message: result.errors[0]?.message ?? "The form was incomplete. Reload the page and try again.", field: result.errors[0]?.field ?? "form" } };
  if (result.status === 404) return { status: 404, body: { ok: false, message: result.message } };
  return { status: result.status, body: { ok: false, message: result.message } };
}
