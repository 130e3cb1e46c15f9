import { z } from "zod";
import { MoneyError, parseDecimalAmount } from "../money";
import { CREATOR_STATUSES, type CreatorStatus } from "./creator-status-transitions";
import { parsePercentText } from "../program/percent-text";
import { HANDLE_PATTERN, suggestHandle } from "./suggest-handle";

export const SOCIAL_NETWORKS = ["instagram", "tiktok", "youtube", "x", "website"] as const;
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];
export type SocialHandles = Partial<Record<SocialNetwork, string>>;

export type CommissionOverride =
  | { type: "none" }
  | { type: "percentage"; basisPoints: number }
  | { type: "flat"; amountMinor: bigint; currency: string };

/** A creator as the merchant described them, validated and normalised, before it is stored. */
export interface CreatorDraft {
  name: string;
  /** Trimmed and lower-cased: one creator per address, however it was typed. */
  email: string;
  handle: string;
  /** True when the handle was suggested from the name rather than typed: a clash may be resolved with a suffix. */
  handleSuggested: boolean;
  socialHandles: SocialHandles;
  payoutEmail: string | null;
  notes: string | null;
  status: CreatorStatus;
  commission: CommissionOverride;
}

/** Every field as text, the way a form or a CSV row delivers it ("" or undefined = not given). */
export interface RawCreatorFields {
  name?: string | undefined;
  email?: string | undefined;
  handle?: string | undefined;
  instagram?: string | undefined;
  tiktok?: string | undefined;
  youtube?: string | undefined;
  x?: string | undefined;
  website?: string | undefined;
  payoutEmail?: string | undefined;
  notes?: string | undefined;
  status?: string | undefined;
  /** "none" | "percentage" | "flat"; when absent it follows whichever amount is filled in. */
  commissionType?: string | undefined;
  commissionPercent?: string | undefined;
  commissionFlat?: string | undefined;
}

export type CreatorField = keyof RawCreatorFields;
export interface FieldError {
  field: CreatorField;
  message: string;
}

export type ParseCreatorResult = { ok: true; draft: CreatorDraft } | { ok: false; errors: FieldError[] };

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} is too long: keep it under ${max} characters.`)
    .transform((value) => (value === "" ? null : value));

const socialHandle = (label: string) =>
  optionalText(200, label).transform((value) => (value === null ? null : value.replace(/^@+/, "")));

const fieldsSchema = z.object({
  name: z
    .string({ error: "Enter the creator's name." })
    .trim()
    .min(1, "Enter the creator's name.")
    .max(120, "The name is too long: keep it under 120 characters."),
  email: z
    .string({ error: "Enter the creator's email address." })
    .trim()
    .min(1, "Enter the creator's email address.")
    .pipe(z.email("Enter a valid email address, like name@example.com."))
    .transform((value) => value.toLowerCase()),
  handle: z
    .string()
    .trim()
    .transform((value) => value.toLowerCase())
    .refine((value) => value === "" || HANDLE_PATTERN.test(value), {
      error: "Use 2–40 lower-case letters, digits and single dashes, like jane-doe.",
    }),
  instagram: socialHandle("The Instagram handle"),
  tiktok: socialHandle("The TikTok handle"),
  youtube: socialHandle("The YouTube channel"),
  x: socialHandle("The X handle"),
  website: optionalText(300, "The website").refine(
    (value) => value === null || /^(https?:\/\/)?[^\s/]+\.[^\s]+$/i.test(value),
    { error: "Enter a website address, like https://example.com." },
  ),
  payoutEmail: optionalText(254, "The payout email")
    .refine((value) => value === null || z.email().safeParse(value).success, {
      error: "Enter a valid payout email address, or leave it empty to pay the creator's email.",
    })
    .transform((value) => value?.toLowerCase() ?? null),
  notes: optionalText(5000, "The notes"),
  status: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => (value === "" ? "invited" : value))
    .pipe(z.enum(CREATOR_STATUSES, { error: `Use one of: ${CREATOR_STATUSES.join(", ")}.` })),
  commissionType: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["", "none", "percentage", "flat"], { error: "Choose none, percentage or flat." })),
  commissionPercent: z.string().trim(),
  commissionFlat: z.string().trim(),
});

function parseCommission(
  fields: { commissionType: string; commissionPercent: string; commissionFlat: string },
  currency: string,
): { ok: true; commission: CommissionOverride } | { ok: false; error: FieldError } {
  const { commissionPercent: percent, commissionFlat: flat } = fields;
  const type = fields.commissionType || (percent && flat ? "both" : percent ? "percentage" : flat ? "flat" : "none");
  if (type === "both") {
    return {
      ok: false,
      error: { field: "commissionPercent", message: "Give either a commission percentage or a flat amount, not both." },
    };
  }
  if (type === "percentage") {
    const basisPoints = parsePercentText(percent);
    if (basisPoints === null) {
      return {
        ok: false,
        error: {
          field: "commissionPercent",
          message: `Enter the commission as a percentage from 0 to 100 with at most two decimals, like 12.5 (got "${percent}").`,
        },
      };
    }
    return { ok: true, commission: { type: "percentage", basisPoints } };
  }
  if (type === "flat") {
    try {
      const money = parseDecimalAmount(flat, currency);
      if (money.amountMinor < 0n) throw new MoneyError("negative");
      return { ok: true, commission: { type: "flat", amountMinor: money.amountMinor, currency } };
    } catch (error) {
      if (!(error instanceof MoneyError)) throw error;
      return {
        ok: false,
        error: {
          field: "commissionFlat",
          message: `Enter the flat commission as an amount in ${currency}, like 5.00 (got "${flat}").`,
        },
      };
    }
  }
  return { ok: true, commission: { type: "none" } };
}

/**
 * Validates a creator's fields (from the admin form, a CSV row or an application) into a CreatorDraft, or
 * returns every problem with the field it belongs to. `currency` is the shop's, for a flat commission.
 */
export function parseCreatorFields(raw: RawCreatorFields, currency: string): ParseCreatorResult {
  const withDefaults = {
    handle: "",
    instagram: "",
    tiktok: "",
    youtube: "",
    x: "",
    website: "",
    payoutEmail: "",
    notes: "",
    status: "",
    commissionType: "",
    commissionPercent: "",
    commissionFlat: "",
    ...Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)),
  };
  const parsed = fieldsSchema.safeParse(withDefaults);
  const errors: FieldError[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "name") as CreatorField;
      if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
    }
  }
  const commission = parseCommission(
    {
      commissionType: parsed.success ? parsed.data.commissionType : (raw.commissionType ?? "").trim().toLowerCase(),
      commissionPercent: (raw.commissionPercent ?? "").trim(),
      commissionFlat: (raw.commissionFlat ?? "").trim(),
    },
    currency,
  );
  if (!commission.ok && !errors.some((error) => error.field === commission.error.field)) errors.push(commission.error);
  if (!parsed.success || !commission.ok) return { ok: false, errors };

  const data = parsed.data;
  const suggested = data.handle === "" ? suggestHandle(data.name) : "";
  if (data.handle === "" && suggested === "") {
    return {
      ok: false,
      errors: [{ field: "handle", message: "Enter a handle: the name has no letters or digits to suggest one from." }],
    };
  }
  const socialHandles: SocialHandles = {};
  for (const network of SOCIAL_NETWORKS) {
    const value = data[network];
    if (value !== null) socialHandles[network] = value;
  }
  return {
    ok: true,
    draft: {
      name: data.name,
      email: data.email,
      handle: data.handle || suggested,
      handleSuggested: data.handle === "",
      socialHandles,
      payoutEmail: data.payoutEmail,
      notes: data.notes,
      status: data.status,
      commission: commission.commission,
    },
  };
}
