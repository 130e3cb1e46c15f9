/**
 * Identity keys (Part 8, duplicate identity) on a real PostgreSQL: a confirmed payout details change writes the
 * destination key, a signed tax form the TIN key, and the start-up backfill gives rows saved before the keys existed
 * theirs (opening the sealed IBAN / TIN), once.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { Database } from "../../db.server";
import type { Mailer, OutgoingEmail } from "../../email/mailer.server";
import { hashSignal } from "../../security/hash-signal.server";
import { sealSecret } from "../../security/secret-box.server";
import { confirmPayoutDetailsChange, ibanContext, requestPayoutDetailsChange } from "../portal/payout-details-changes.server";
import { saveCreatorTaxForm, tinContext } from "../tax/save-creator-tax-form.server";
import { backfillCreatorIdentityKeys, payoutDestinationKey, tinKeyOf } from "./creator-identity-keys.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "identity-keys.myshopify.com";
let db: Database;
const sent: OutgoingEmail[] = [];
const mailer: Mailer = { send: async (email) => (sent.push(email), { messageId: `m-${sent.length}` }) };

async function seedCreator(handle: string) {
  return db.creator.create({ data: { shop: SHOP, handle, name: `Creator ${handle}`, email: `${handle}@example.com`, status: "approved", refToken: `r_${handle}` } });
}

async function setDetails(creator: { id: string; name: string; email: string }, details: Parameters<typeof requestPayoutDetailsChange>[1]["details"]) {
  await requestPayoutDetailsChange({ db, mailer, now: new Date() }, { shop: SHOP, shopName: "Keys", creator, details, requestedVia: "session", portalBaseUrl: "https://keys.example/apps/affable" });
  const token = /token=([A-Za-z0-9_-]+)/.exec(sent.at(-1)?.text ?? "")?.[1] ?? "";
  expect(await confirmPayoutDetailsChange({ db, mailer, now: new Date() }, { shop: SHOP, shopName: "Keys", token, timeZone: "UTC" })).toMatchObject({ ok: true });
  return db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
}

describe.skipIf(postgresUrl === null)("creator identity keys (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "identity_keys");
    db = created.db;
    useTestAppEnvironment(created.url, "identity-keys-secret");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("two creators paid to one PayPal mailbox or one IBAN, however typed, share a destination key; store credit has none", async () => {
    const anna = await setDetails(await seedCreator("anna"), { method: "paypal", paypalEmail: "anna.smith+shop@gmail.com" });
    const annaTwin = await setDetails(await seedCreator("annatwin"), { method: "paypal", paypalEmail: "annasmith@googlemail.com" });
    expect(anna.destinationKey).toBe(hashSignal("payout-destination", "annasmith@gmail.com"));
    expect(annaTwin.destinationKey).toBe(anna.destinationKey);

    const bank = await setDetails(await seedCreator("bank"), { method: "bank_transfer", iban: "DE89370400440532013000", accountHolderName: "Bank Person", bic: null, country: "DE" });
    expect(bank.destinationKey).toBe(payoutDestinationKey({ iban: "de89 3704 0044 0532 0130 00" }));
    expect(JSON.stringify(bank)).not.toContain("DE89370400440532013000");

    // Switching to store credit leaves no payout destination to compare.
    const credit = await setDetails({ id: anna.creatorId, name: "Creator anna", email: "anna@example.com" }, { method: "store_credit" });
    expect(credit.destinationKey).toBeNull();
  });

  it("a signed tax form keeps the TIN's key (formatting aside), never the TIN", async () => {
    const creator = await seedCreator("taxpayer");
    await saveCreatorTaxForm(db, {
      shop: SHOP, creatorId: creator.id, now: new Date(),
      form: {
        kind: "w9", legalName: "Tax Payer", businessName: null, taxClassification: "individual", tinType: "ssn", tin: "123456789", signatureName: "Tax Payer",
        address: { line1: "1 Main St", city: "Austin", region: "TX", postalCode: "78701", country: "US" },
      },
    });
    const form = await db.creatorTaxForm.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(form.tinKey).toBe(tinKeyOf("123-45-6789"));
    expect(form.tinKey).not.toContain("6789");
  });

  it("the start-up backfill keys rows saved before the keys existed, opening sealed values, once", async () => {
    const old = await seedCreator("oldbank");
    const oldPaypal = await seedCreator("oldpaypal");
    const oldTax = await seedCreator("oldtax");
    const broken = await seedCreator("broken");
    await db.creatorPayoutProfile.createMany({
      data: [
        { shop: SHOP, creatorId: old.id, method: "sepa_file", ibanSealed: sealSecret("GB82WEST12345698765432", ibanContext(SHOP, old.id)), ibanLast4: "5432" },
        { shop: SHOP, creatorId: oldPaypal.id, method: "paypal", paypalEmail: "Old.PayPal@Example.com" },
        // Sealed for another creator (the context does not match): cannot be opened, skipped and counted.
        { shop: SHOP, creatorId: broken.id, method: "sepa_file", ibanSealed: sealSecret("FR1420041010050500013M02606", ibanContext(SHOP, old.id)), ibanLast4: "2606" },
      ],
    });
    const signedAt = new Date("2026-01-05T00:00:00Z");
    await db.creatorTaxForm.create({
      data: {
        shop: SHOP, creatorId: oldTax.id, kind: "w9", legalName: "Old Tax", country: "US", address: {}, tinType: "ein",
        tinSealed: sealSecret("987654321", tinContext(SHOP, oldTax.id)), tinLast4: "4321", signatureName: "Old Tax", signedAt, createdAt: signedAt,
      },
    });

    expect(await backfillCreatorIdentityKeys(db)).toEqual({ payoutProfiles: 2, taxForms: 1, unreadable: 1 });
    const keyOf = async (creatorId: string) => (await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId } })).destinationKey;
    expect(await keyOf(old.id)).toBe(payoutDestinationKey({ iban: "GB82 WEST 1234 5698 7654 32" }));
    expect(await keyOf(oldPaypal.id)).toBe(payoutDestinationKey({ paypalEmail: "old.paypal@example.com" }));
    expect(await keyOf(broken.id)).toBeNull();
    expect((await db.creatorTaxForm.findFirstOrThrow({ where: { shop: SHOP, creatorId: oldTax.id } })).tinKey).toBe(tinKeyOf("98-7654321"));

    // A second start finds nothing left to write.
    expect(await backfillCreatorIdentityKeys(db)).toEqual({ payoutProfiles: 0, taxForms: 0, unreadable: 1 });
  });
});
