/**
 * The creator portal's payout details form: which method, and the details it needs, checked before anything is saved.
 * Pure (no I/O): the portal route hands it the posted fields; an invalid PayPal email or IBAN comes back as a field
 * error with every typed value kept, so nothing valid is lost. IBANs and BICs are checked with ibantools (country
 * length, BBAN format and the ISO 7064 mod-97 check digits), not by hand.
 */
import { electronicFormatIBAN, isValidBIC, isValidIBAN } from "ibantools";
import { z } from "zod";

/** What the creator chooses, in their words. A bank transfer is paid from a SEPA file (PayoutRunMethod sepa_file). */
export const PORTAL_PAYOUT_METHODS = ["paypal", "bank_transfer", "store_credit", "gift_card"] as const;
export type PortalPayoutMethod = (typeof PORTAL_PAYOUT_METHODS)[number];

export const PORTAL_PAYOUT_METHOD_LABELS: Readonly<Record<PortalPayoutMethod, string>> = {
  paypal: "PayPal",
  bank_transfer: "Bank transfer (IBAN)",
  store_credit: "Store credit",
  gift_card: "Gift card",
};

export const STORE_CREDIT_NOTE = "Store credit can be spent only when you sign in to the shop with a customer account.";

/** The stored method (CreatorPayoutProfile.method, a PayoutRunMethod) for a portal choice, and back. */
export const STORED_METHOD: Readonly<Record<PortalPayoutMethod, "paypal" | "sepa_file" | "store_credit" | "gift_card">> = {
  paypal: "paypal",
  bank_transfer: "sepa_file",
  store_credit: "store_credit",
  gift_card: "gift_card",
};

export function toPortalMethod(stored: string | null | undefined): PortalPayoutMethod | null {
  switch (stored) {
    case "paypal":
      return "paypal";
    case "sepa_file":
    case "wise_file":
    case "csv_file":
      return "bank_transfer";
    case "store_credit":
      return "store_credit";
    case "gift_card":
      return "gift_card";
    default:
      return null;
  }
}

/** The details of one choice, normalised (IBAN in electronic format, BIC upper-case). */
export type PayoutDetails =
  | { method: "paypal"; paypalEmail: string }
  | { method: "bank_transfer"; iban: string; accountHolderName: string; bic: string | null; country: string }
  | { method: "store_credit" }
  | { method: "gift_card" };

export interface PayoutDetailsFormValues {
  method: string;
  paypal_email: string;
  iban: string;
  account_holder_name: string;
  bic: string;
}

export type PayoutDetailsFormResult =
  | { ok: true; details: PayoutDetails }
  | { ok: false; errors: Array<{ field: keyof PayoutDetailsFormValues; message: string }> };

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

export function readPayoutDetailsFormValues(fields: Record<string, unknown>): PayoutDetailsFormValues {
  return {
    method: text(fields.method),
    paypal_email: text(fields.paypal_email),
    iban: text(fields.iban),
    account_holder_name: text(fields.account_holder_name),
    bic: text(fields.bic),
  };
}

const methodSchema = z.enum(PORTAL_PAYOUT_METHODS, { error: "Choose how you want to be paid." });
const paypalSchema = z.object({
  paypal_email: z.email({ error: "Enter the email address of your PayPal account, such as name@example.com." }).max(254, "Keep the email under 254 characters."),
});
const bankSchema = z.object({
  iban: z
    .string()
    .min(1, "Enter your IBAN, such as DE89 3704 0044 0532 0130 00.")
    .transform((value) => electronicFormatIBAN(value) ?? "")
    .refine((value) => isValidIBAN(value), "This IBAN is not valid: check the country code, the length and the two check digits, then enter it again."),
  account_holder_name: z.string().min(1, "Enter the name on the bank account.").max(140, "Keep the account holder name under 140 characters (the bank file's limit)."),
  bic: z
    .string()
    .max(11, "A BIC has 8 or 11 characters.")
    .transform((value) => value.replace(/\s+/g, "").toUpperCase())
    .refine((value) => value === "" || isValidBIC(value), "This BIC is not valid: it has 8 or 11 letters and digits, such as COBADEFFXXX. Leave it empty if you do not know it."),
});

export function parsePayoutDetailsForm(values: PayoutDetailsFormValues): PayoutDetailsFormResult {
  const method = methodSchema.safeParse(values.method);
  if (!method.success) return { ok: false, errors: [{ field: "method", message: "Choose how you want to be paid." }] };
  const errorsOf = (error: z.ZodError) =>
    error.issues.map((issue) => ({ field: String(issue.path[0] ?? "method") as keyof PayoutDetailsFormValues, message: issue.message }));
  switch (method.data) {
    case "paypal": {
      const parsed = paypalSchema.safeParse(values);
      if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
      return { ok: true, details: { method: "paypal", paypalEmail: parsed.data.paypal_email.toLowerCase() } };
    }
    case "bank_transfer": {
      const parsed = bankSchema.safeParse(values);
      if (!parsed.success) return { ok: false, errors: errorsOf(parsed.error) };
      const { iban, account_holder_name: accountHolderName, bic } = parsed.data;
      return { ok: true, details: { method: "bank_transfer", iban, accountHolderName, bic: bic || null, country: iban.slice(0, 2) } };
    }
    case "store_credit":
      return { ok: true, details: { method: "store_credit" } };
    case "gift_card":
      return { ok: true, details: { method: "gift_card" } };
  }
}

/** The details as they may be shown anywhere (portal, admin, email): an IBAN only by its last 4. */
export function describePayoutDetails(summary: { method: PortalPayoutMethod; paypalEmail?: string | null; ibanLast4?: string | null; accountHolderName?: string | null }): string {
  switch (summary.method) {
    case "paypal":
      return `PayPal to ${summary.paypalEmail ?? "(no email)"}`;
    case "bank_transfer":
      return `Bank transfer to the IBAN ending ${summary.ibanLast4 ?? "????"}${summary.accountHolderName ? ` (${summary.accountHolderName})` : ""}`;
    case "store_credit":
      return "Store credit in this shop";
    case "gift_card":
      return "A gift card for this shop";
  }
}
