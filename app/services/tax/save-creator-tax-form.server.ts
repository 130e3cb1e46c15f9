/**
 * A creator's signed W-9 / W-8BEN, stored with the TIN sealed (context "tin:<shop>:<creatorId>") and only its last
 * 4 kept readable. A new form supersedes the one in force (supersededAt), which stays for the record. signedAt is the
 * server's now: the typed-name signature is dated when it reaches us, not by the browser.
 *
 * The TIN is never logged, never put in an audit event or an error message, and never sent back to a browser.
 */
import type { Database } from "../../db.server";
import type { Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { sealSecret } from "../../security/secret-box.server";
import type { ParsedTaxForm } from "./parse-tax-form";
import { tinKeyOf } from "../creators/creator-identity-keys.server";

export const tinContext = (shop: string, creatorId: string) => `tin:${shop}:${creatorId}`;

export async function saveCreatorTaxForm(db: Database, input: { shop: string; creatorId: string; form: ParsedTaxForm; now: Date }): Promise<{ id: string }> {
  const { shop, creatorId, form, now } = input;
  const tin = form.tin;
  return db.$transaction(async (tx) => {
    // Serialises two forms signed at once by the same creator: exactly one ends up in force.
    await tx.$queryRaw`SELECT id FROM "Creator" WHERE shop = ${shop} AND id = ${creatorId} FOR UPDATE`;
    await tx.creatorTaxForm.updateMany({ where: { shop, creatorId, supersededAt: null }, data: { supersededAt: now } });
    const created = await tx.creatorTaxForm.create({
      data: {
        shop,
        creatorId,
        kind: form.kind,
        legalName: form.legalName,
        businessName: form.kind === "w9" ? form.businessName : null,
        taxClassification: form.kind === "w9" ? form.taxClassification : null,
        country: form.kind === "w9" ? "US" : form.country,
        address: form.address as unknown as Prisma.InputJsonValue,
        tinType: form.tinType,
        tinSealed: tin ? sealSecret(tin, tinContext(shop, creatorId)) : null,
        tinLast4: tin ? tin.slice(-4) : null,
        tinKey: tinKeyOf(tin),
        foreignTinReason: form.kind === "w8ben" ? form.foreignTinReason : null,
        dateOfBirth: form.kind === "w8ben" ? form.dateOfBirth : null,
        signatureName: form.signatureName,
        signedAt: now,
        createdAt: now,
      },
      select: { id: true },
    });
    await recordAuditEvent(tx, {
      shop,
      actor: `creator:${creatorId}`,
      action: "creator.tax_form_signed",
      subjectType: "creator",
      subjectId: creatorId,
      details: { kind: form.kind, formId: created.id, tinType: form.tinType },
    });
    return created;
  });
}

/** The form in force, as it may be shown: the TIN by its last 4 only. */
export async function loadCurrentTaxForm(db: Database, shop: string, creatorId: string) {
  return db.creatorTaxForm.findFirst({
    where: { shop, creatorId, supersededAt: null },
    orderBy: { signedAt: "desc" },
    select: { id: true, kind: true, legalName: true, tinType: true, tinLast4: true, signatureName: true, signedAt: true, country: true },
  });
}
