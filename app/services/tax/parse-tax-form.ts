/**
 * The creator's tax form as typed in the portal: a W-9 (US persons) or a W-8BEN (everyone else), each signed with a
 * typed name under the form's certification. Pure (no I/O); zod checks every field and the TIN's shape:
 * - SSN: 9 digits (dashes allowed), never area 000, 666 or 900–999, group 00 or serial 0000 (SSA's rules);
 * - EIN: 9 digits (XX-XXXXXXX), never the unassigned prefixes 00, 07–09, 17–19, 28–29, 49, 69–70, 78–79, 89, 96–97.
 * The TIN never leaves this module except in `tin`, which the caller seals at once.
 */
import { getCountrySpecifications } from "ibantools";
import { z } from "zod";

export const TAX_FORM_KINDS = ["w9", "w8ben"] as const;
export type TaxFormKind = (typeof TAX_FORM_KINDS)[number];

export const W9_CLASSIFICATIONS = [
  { value: "individual", label: "Individual/sole proprietor or single-member LLC" },
  { value: "c_corporation", label: "C corporation" },
  { value: "s_corporation", label: "S corporation" },
  { value: "partnership", label: "Partnership" },
  { value: "trust_estate", label: "Trust/estate" },
  { value: "llc_c", label: "LLC taxed as a C corporation" },
  { value: "llc_s", label: "LLC taxed as an S corporation" },
  { value: "llc_p", label: "LLC taxed as a partnership" },
  { value: "other", label: "Other" },
] as const;

export const W9_CERTIFICATION = [
  "Under penalties of perjury, I certify that:",
  "1. The number shown on this form is my correct taxpayer identification number (or I am waiting for a number to be issued to me); and",
  "2. I am not subject to backup withholding because (a) I am exempt from backup withholding, or (b) I have not been notified by the Internal Revenue Service (IRS) that I am subject to backup withholding as a result of a failure to report all interest or dividends, or (c) the IRS has notified me that I am no longer subject to backup withholding; and",
  "3. I am a U.S. citizen or other U.S. person; and",
  "4. The FATCA code(s) entered on this form (if any) indicating that I am exempt from FATCA reporting is correct.",
] as const;

export const W8BEN_CERTIFICATION = [
  "Under penalties of perjury, I declare that I have examined the information on this form and to the best of my knowledge and belief it is true, correct, and complete. I further certify under penalties of perjury that:",
  "• I am the individual that is the beneficial owner (or am authorized to sign for the individual that is the beneficial owner) of all the income or proceeds to which this form relates or am using this form to document myself for chapter 4 purposes;",
  "• The person named on line 1 of this form is not a U.S. person;",
  "• This form relates to income not effectively connected with the conduct of a trade or business in the United States, or effectively connected but not subject to tax under an applicable income tax treaty, or the partner's share of a partnership's effectively connected taxable income;",
  "• For broker transactions or barter exchanges, the beneficial owner is an exempt foreign person as defined in the instructions.",
  "Furthermore, I authorize this form to be provided to any withholding agent that has control, receipt, or custody of the income of which I am the beneficial owner or any withholding agent that can disburse or make payments of the income of which I am the beneficial owner. I agree that I will submit a new form within 30 days if any certification made on this form becomes incorrect.",
] as const;

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
/** ISO 3166-1 alpha-2 codes with their English names (the list ibantools keeps), sorted by name. */
export const COUNTRIES: ReadonlyArray<{ code: string; name: string }> = Object.keys(getCountrySpecifications())
  .map((code) => ({ code, name: regionNames.of(code) ?? code }))
  .sort((a, b) => a.name.localeCompare(b.name, "en"));
const COUNTRY_CODES = new Set(COUNTRIES.map((country) => country.code));

export interface TaxAddress {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode?: string;
  country: string;
}

export type ParsedTaxForm =
  | {
      kind: "w9";
      legalName: string;
      businessName: string | null;
      taxClassification: string;
      address: TaxAddress;
      tinType: "ssn" | "ein";
      tin: string;
      signatureName: string;
    }
  | {
      kind: "w8ben";
      legalName: string;
      country: string;
      address: TaxAddress;
      tinType: "foreign_tin" | "none";
      tin: string | null;
      foreignTinReason: string | null;
      dateOfBirth: string | null;
      signatureName: string;
    };

export type TaxFormResult = { ok: true; form: ParsedTaxForm } | { ok: false; errors: Array<{ field: string; message: string }> };

const required = (label: string, max: number) => z.string().trim().min(1, `Enter ${label}.`).max(max, `Keep ${label} under ${max} characters.`);
const optional = (label: string, max: number) => z.string().trim().max(max, `Keep ${label} under ${max} characters.`);
const certified = z.literal("yes", { error: "Tick the box to certify the statements above, then sign." });

/** SSA: no area 000, 666 or 900–999; no group 00; no serial 0000. */
export function isPlausibleSsn(digits: string): boolean {
  if (!/^\d{9}$/.test(digits)) return false;
  const area = Number(digits.slice(0, 3));
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
}

const UNASSIGNED_EIN_PREFIXES = new Set(["00", "07", "08", "09", "17", "18", "19", "28", "29", "49", "69", "70", "78", "79", "89", "96", "97"]);
export function isPlausibleEin(digits: string): boolean {
  return /^\d{9}$/.test(digits) && !UNASSIGNED_EIN_PREFIXES.has(digits.slice(0, 2));
}

const w9Schema = z
  .object({
    legal_name: required("your name as shown on your income tax return", 200),
    business_name: optional("the business name", 200),
    tax_classification: z.enum(W9_CLASSIFICATIONS.map((item) => item.value) as [string, ...string[]], { error: "Choose your federal tax classification." }),
    address_line1: required("your street address", 200),
    address_line2: optional("the second address line", 200),
    city: required("your city", 100),
    region: z.string().trim().regex(/^[A-Za-z]{2}$/, "Enter your state as two letters, such as NY."),
    postal_code: z.string().trim().regex(/^\d{5}(-\d{4})?$/, "Enter your ZIP code, such as 10001 or 10001-1234."),
    tin_type: z.enum(["ssn", "ein"], { error: "Choose whether your number is an SSN or an EIN." }),
    tin: z.string().trim().max(20, "Enter your SSN or EIN: 9 digits."),
    signature_name: required("your full name as your signature", 200),
    certify: certified,
  })
;

/** The TIN's shape for its type, checked apart so it is reported with every other field error. */
function checkUsTin(tinType: string, tin: string): string | null {
  const compact = tin.replace(/\s/g, "");
  const digits = compact.replace(/-/g, "");
  if (tinType === "ssn" && !(/^\d{3}-?\d{2}-?\d{4}$/.test(compact) && isPlausibleSsn(digits))) return "Enter a valid Social Security number: 9 digits, such as 123-45-6789.";
  if (tinType === "ein" && !(/^\d{2}-?\d{7}$/.test(compact) && isPlausibleEin(digits))) return "Enter a valid Employer Identification Number: 9 digits, such as 12-3456789.";
  return null;
}

const country = (message: string) => z.string().trim().toUpperCase().refine((code) => COUNTRY_CODES.has(code), message);

const w8Schema = z
  .object({
    legal_name: required("your name", 200),
    citizenship: country("Choose your country of citizenship.").refine((code) => code !== "US", "US citizens sign a W-9 instead: use the W-9 form above."),
    address_line1: required("your permanent residence address", 200),
    address_line2: optional("the second address line", 200),
    city: required("your city or town", 100),
    region: optional("the state or province", 100),
    postal_code: optional("the postal code", 20),
    address_country: country("Choose the country of your permanent residence.").refine((code) => code !== "US", "A W-8BEN is for people living outside the US: use the W-9 form if you live in the US."),
    foreign_tin: optional("your foreign tax identifying number", 40),
    foreign_tin_reason: optional("the reason", 300),
    date_of_birth: z
      .string()
      .trim()
      .refine((value) => value === "" || isPastDate(value), "Enter your date of birth as a date in the past, such as 1990-04-23, or leave it empty."),
    signature_name: required("your full name as your signature", 200),
    certify: certified,
  })
;

function isPastDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value && date.getTime() < Date.now() && date.getUTCFullYear() >= 1900;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

const FIELDS = [
  "legal_name", "business_name", "tax_classification", "address_line1", "address_line2", "city", "region", "postal_code", "tin_type", "tin",
  "citizenship", "address_country", "foreign_tin", "foreign_tin_reason", "date_of_birth", "signature_name", "certify",
] as const;

export function parseTaxForm(kind: string, fields: Record<string, unknown>): TaxFormResult {
  // Every field as text ("" when absent), so a missing optional field reads as empty, not as a type error.
  const values = Object.fromEntries(FIELDS.map((name) => [name, text(fields[name])])) as Record<(typeof FIELDS)[number], string>;
  const errorsOf = (error: z.ZodError | undefined) => (error?.issues ?? []).map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message }));
  if (kind === "w9") {
    const parsed = w9Schema.safeParse(values);
    const errors = errorsOf(parsed.error).filter((error) => error.field !== "tin");
    const tinError = errors.some((error) => error.field === "tin_type") ? null : checkUsTin(values.tin_type, values.tin);
    if (tinError) errors.push({ field: "tin", message: tinError });
    if (!parsed.success || errors.length > 0) return { ok: false, errors };
    const form = parsed.data;
    return {
      ok: true,
      form: {
        kind: "w9",
        legalName: form.legal_name,
        businessName: form.business_name || null,
        taxClassification: form.tax_classification,
        address: { line1: form.address_line1, ...(form.address_line2 ? { line2: form.address_line2 } : {}), city: form.city, region: form.region.toUpperCase(), postalCode: form.postal_code, country: "US" },
        tinType: form.tin_type,
        tin: form.tin.replace(/[\s-]/g, ""),
        signatureName: form.signature_name,
      },
    };
  }
  if (kind === "w8ben") {
    const parsed = w8Schema.safeParse(values);
    const errors = errorsOf(parsed.error);
    if (values.foreign_tin.trim() === "" && values.foreign_tin_reason.trim() === "") {
      errors.push({ field: "foreign_tin", message: "Enter your foreign tax identifying number, or explain below why you do not have one." });
    }
    if (!parsed.success || errors.length > 0) return { ok: false, errors };
    const form = parsed.data;
    const tin = form.foreign_tin.replace(/\s/g, "");
    return {
      ok: true,
      form: {
        kind: "w8ben",
        legalName: form.legal_name,
        country: form.citizenship,
        address: {
          line1: form.address_line1,
          ...(form.address_line2 ? { line2: form.address_line2 } : {}),
          city: form.city,
          ...(form.region ? { region: form.region } : {}),
          ...(form.postal_code ? { postalCode: form.postal_code } : {}),
          country: form.address_country,
        },
        tinType: tin ? "foreign_tin" : "none",
        tin: tin || null,
        foreignTinReason: tin ? null : form.foreign_tin_reason,
        dateOfBirth: form.date_of_birth || null,
        signatureName: form.signature_name,
      },
    };
  }
  return { ok: false, errors: [{ field: "kind", message: "Choose the W-9 (US persons) or the W-8BEN (everyone else)." }] };
}
