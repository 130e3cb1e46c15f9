import { z } from "zod";
import type { RawCreatorFields } from "../../domain/creators";

const text = z.string().max(10_000).optional();

/** The creator form's POST body: every field is text; parseCreatorFields decides what is valid. */
export const creatorFormSchema = z.object({
  name: text,
  email: text,
  handle: text,
  instagram: text,
  tiktok: text,
  youtube: text,
  x: text,
  website: text,
  payoutEmail: text,
  notes: text,
  status: text,
  commissionType: text,
  commissionPercent: text,
  commissionFlat: text,
  phone: text,
  addressLine1: text,
  addressLine2: text,
  addressCity: text,
  addressRegion: text,
  addressPostalCode: text,
  addressCountry: text,
  reason: z.string().max(1000).optional(),
});

export function readCreatorForm(formData: FormData): { fields: RawCreatorFields; reason: string | undefined } {
  const entries = Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  const { reason, ...fields } = creatorFormSchema.parse(entries);
  return { fields, reason };
}
