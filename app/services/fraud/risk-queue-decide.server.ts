/**
 * The flag page's form: a decision (dismiss, release, reverse) or an action (pause the creator, rotate the code),
 * each with a required reason and the flag's version as the page read it (a stale tab gets 409 and is told to
 * reload). The decisions themselves live in risk-flags.server.ts; this reads the form and says the outcome in words.
 */
import { z } from "zod";

export const RISK_FLAG_INTENTS = ["dismiss", "release", "reverse", "pause_creator", "rotate_code"] as const;
export type RiskFlagIntent = (typeof RISK_FLAG_INTENTS)[number];

const formSchema = z.object({
  intent: z.enum(RISK_FLAG_INTENTS, { error: "Choose what to do: dismiss, release, reverse, pause the creator or rotate the code." }),
  reason: z
    .string({ error: "Write why you decided this: it is kept in the audit log with your name." })
    .trim()
    .min(3, "Write why you decided this (at least 3 characters): it is kept in the audit log with your name.")
    .max(500, "Keep the reason under 500 characters."),
  version: z.coerce.number({ error: "The form was incomplete. Reload the page and try again." }).int().min(1, "The form was incomplete. Reload the page and try again."),
  /** Rotate code only: a code the merchant typed; empty → the program's code pattern makes one. */
  newCode: z
    .string()
    .trim()
    .max(255, "Keep the new code under 255 characters.")
    .regex(/^[A-Za-z0-9_-]*$/, "Use letters, digits, - and _ only in the new code, or leave it empty for one from your code pattern.")
    .optional(),
});

export type RiskFlagForm = z.infer<typeof formSchema>;
export type RiskFlagActionAnswer = { status: number; body: { ok: boolean; message: string; field?: string } };

export function parseRiskFlagForm(form: Record<string, unknown>): { ok: true; value: RiskFlagForm } | { ok: false; answer: RiskFlagActionAnswer } {
  const parsed = formSchema.safeParse(form);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, answer: { status: 400, body: { ok: false, message: issue?.message ?? "The form was incomplete. Reload the page and try again.", field: String(issue?.path[0] ?? "form") } } };
}
