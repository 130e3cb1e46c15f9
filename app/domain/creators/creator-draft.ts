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
  /**
   * The creator's own phone and shipping address (the self-referral rule compares orders with them). Undefined when
   * the input did not carry the fields at all (an API patch or CSV without them): the stored values stay as they are.
   */
  phone?: string | null;
  shippingAddress?: CreatorAddress | null;
}

/** A postal address as the fraud domain's normaliseAddress reads it; country is an ISO 3166-1 alpha-2 code. */
export interface CreatorAddress {
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string | null;
  country: string;
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
  phone?: string | undefined;
  addressLine1?: string | undefined;
  addressLine2?: string | undefined;
  addressCity?: string | undefined;
  addressRegion?: string | undefined;
  addressPostalCode?: string | undefined;
  addressCountry?: string | undefined;
}

export const ADDRESS_FIELDS = ["addressLine1", "addressLine2", "addressCity", "addressRegion", "addressPostalCode", "addressCountry"] as const;

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

const phoneSchema = z
  .string()
  .trim()
  .max(40, "The phone number is too long: keep it under 40 characters.")
  .refine((value) => value === "" || (/^\+?[0-9 ().-]+$/.test(value) && value.replace(/\D/g, "").length >= 7 && value.replace(/\D/g, "").length <= 15), {
    error: "Enter a phone number of 7 to 15 digits, with its country code, like +1 415 555 0100.",
  })
  .transform((value) => (value === "" ? null : value));

const addressSchema = z.object({
  addressLine1: z.string().trim().min(1, "Enter the street address, or leave every address field empty.").max(200, "The street address is too long: keep it under 200 characters."),
  addressLine2: optionalText(200, "The second address line"),
  addressCity: z.string().trim().min(1, "Enter the city.").max(120, "The city is too long: keep it under 120 characters."),
  addressRegion: optionalText(120, "The state or region"),
  addressPostalCode: optionalText(20, "The postal code"),
  addressCountry: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, "Enter the country as its two-letter code, like US or DE."),
});

type PartsResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** The phone: undefined when the input had no phone field at all (nothing to change). */
function parsePhone(raw: RawCreatorFields): PartsResult<string | null | undefined> {
  if (raw.phone === undefined) return { ok: true, value: undefined };
  const parsed = phoneSchema.safeParse(raw.phone);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, errors: [{ field: "phone", message: parsed.error.issues[0]?.message ?? "Check the phone number." }] };
}

/** The shipping address: undefined without any address field, null when every one is empty, else all of it checked. */
function parseAddress(raw: RawCreatorFields): PartsResult<CreatorAddress | null | undefined> {
  if (ADDRESS_FIELDS.every((field) => raw[field] === undefined)) return { ok: true, value: undefined };
  if (ADDRESS_FIELDS.every((field) => (raw[field] ?? "").trim() === "")) return { ok: true, value: null };
  const parsed = addressSchema.safeParse(Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, raw[field] ?? ""])));
  if (!parsed.success) {
    const errors: FieldError[] = [];
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]) as CreatorField;
      if (!errors.some((error) => error.field === field)) errors.push({ field, message: issue.message });
    }
    return { ok: false, errors };
  }
  const data = parsed.data;
  return {
    ok: true,
    value: { line1: data.addressLine1, line2: data.addressLine2, city: data.addressCity, region: data.addressRegion, postalCode: data.addressPostalCode, country: data.addressCountry },
  };
}

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
    ...Object.fromEntries(Object.entries(raw).filter(([key, value]) => value !== undefined && key !== "phone" && !(ADDRESS_FIELDS as readonly string[]).includes(key))),
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
  const phone = parsePhone(raw);
  const address = parseAddress(raw);
  if (!phone.ok) errors.push(...phone.errors);
  if (!address.ok) errors.push(...address.errors);
  if (!parsed.success || !commission.ok || !phone.ok || !address.ok) return { ok: false, errors };

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
      ...(phone.value === undefined ? {} : { phone: phone.value }),
      ...(address.value === undefined ? {} : { shippingAddress: address.value }),
    },
  };
}
