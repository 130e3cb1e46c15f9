/**
 * Payout details changes on a real PostgreSQL: saved → emailed link → applied only when confirmed; a change over
 * existing details notifies the creator and the previous PayPal address and holds the next payout for the merchant's
 * review; links are single use, expire, and are replaced by a newer request.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { Database } from "../../db.server";
import type { Mailer, OutgoingEmail } from "../../email/mailer.server";
import { openSecret } from "../../security/secret-box.server";
import { approvePayoutDetails, confirmPayoutDetailsChange, ibanContext, loadPayoutDetailsState, requestPayoutDetailsChange } from "./payout-details-changes.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "details-a.myshopify.com";
const OTHER_SHOP = "details-b.myshopify.com";
const IBAN = "DE89370400440532013000";
let db: Database;
const sent: OutgoingEmail[] = [];
const mailer: Mailer = { send: async (email) => (sent.push(email), { messageId: `m-${sent.length}` }) };

function tokenFrom(email: OutgoingEmail | undefined): string {
  const match = /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "");
  if (!match?.[1]) throw new Error("no confirmation link in the email");
  return match[1];
}

async function seedCreator(shop: string, handle: string) {
  return db.creator.create({ data: { shop, handle, name: `Creator ${handle}`, email: `${handle}@example.com`, status: "approved", refToken: `r_${handle}` } });
}

const request = (creator: { id: string; name: string; email: string }, details: Parameters<typeof requestPayoutDetailsChange>[1]["details"], now = new Date(), shop = SHOP) =>
  requestPayoutDetailsChange(
    { db, mailer, now },
    { shop, shopName: "Alpha Goods", creator, details, requestedVia: "session", portalBaseUrl: "https://alpha.example/apps/affable" },
  );
const confirm = (token: string, now = new Date(), shop = SHOP) =>
  confirmPayoutDetailsChange({ db, mailer, now }, { shop, shopName: "Alpha Goods", token, timeZone: "America/New_York" });

describe.skipIf(postgresUrl === null)("payout details changes (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "payout_details");
    db = created.db;
    useTestAppEnvironment(created.url, "payout-details-secret");
    const seen = new Date();
    await db.staffMember.createMany({
      data: [
        { shop: SHOP, userId: "1", isOwner: true, firstSeenAt: seen, lastSeenAt: seen },
        { shop: SHOP, userId: "42", canApprovePayouts: true, firstSeenAt: seen, lastSeenAt: seen },
        { shop: SHOP, userId: "77", firstSeenAt: seen, lastSeenAt: seen },
      ],
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("first setup: nothing applies until the emailed link is confirmed, then no merchant review is needed", async () => {
    const creator = await seedCreator(SHOP, "first");
    sent.length = 0;
    const result = await request(creator, { method: "paypal", paypalEmail: "first.pp@example.com" });
    expect(result).toMatchObject({ sentTo: "first@example.com", emailSent: true });
    expect(sent.map((email) => email.to)).toEqual(["first@example.com"]);
    expect(sent[0]?.subject).toContain("Confirm your new payout details");
    expect(await db.creatorPayoutProfile.findFirst({ where: { shop: SHOP, creatorId: creator.id } })).toBeNull();
    const state = await loadPayoutDetailsState(db, SHOP, creator.id, new Date());
    expect(state.pending?.summary).toMatchObject({ method: "paypal", paypalEmail: "first.pp@example.com" });

    const outcome = await confirm(tokenFrom(sent[0]));
    expect(outcome).toMatchObject({ ok: true, reviewRequired: false });
    const profile = await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(profile).toMatchObject({ method: "paypal", paypalEmail: "first.pp@example.com", reviewRequired: false });
  });

  it("a change over existing details: IBAN sealed, creator and previous PayPal address told, next payout held for review; approval clears it", async () => {
    const creator = await seedCreator(SHOP, "changer");
    sent.length = 0;
    await request(creator, { method: "paypal", paypalEmail: "old.pp@example.com" });
    await confirm(tokenFrom(sent[0]));
    sent.length = 0;

    await request(creator, { method: "bank_transfer", iban: IBAN, accountHolderName: "Changer Person", bic: "COBADEFFXXX", country: "DE" });
    const change = await db.payoutDetailsChange.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id, confirmedAt: null, supersededAt: null } });
    expect(JSON.stringify(change)).not.toContain(IBAN);
    // Still PayPal until confirmed.
    expect((await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } })).method).toBe("paypal");
    const confirmEmail = sent[0];
    expect(confirmEmail?.text).toContain("IBAN ending 3000");
    expect(confirmEmail?.text).not.toContain(IBAN);
    sent.length = 0;

    expect(await confirm(tokenFrom(confirmEmail))).toMatchObject({ ok: true, reviewRequired: true });
    const profile = await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(profile).toMatchObject({ method: "sepa_file", paypalEmail: null, ibanLast4: "3000", bic: "COBADEFFXXX", accountHolderName: "Changer Person", reviewRequired: true });
    expect(profile.reviewReason).toContain('from "PayPal to old.pp@example.com"');
    expect(profile.ibanSealed).not.toContain(IBAN);
    expect(openSecret(profile.ibanSealed ?? "", ibanContext(SHOP, creator.id))).toBe(IBAN);
    expect(sent.map((email) => email.to).sort()).toEqual(["changer@example.com", "old.pp@example.com"]);
    expect(sent.every((email) => !email.text.includes(IBAN))).toBe(true);

    const approved = await approvePayoutDetails(db, { shop: SHOP, creatorId: creator.id, actor: "staff:42", now: new Date(), seenUpdatedAt: profile.updatedAt.toISOString() });
    expect(approved).toEqual({ ok: true });
    const reviewed = await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(reviewed).toMatchObject({ reviewRequired: false, reviewedBy: "staff:42" });
    expect(reviewed.reviewedAt).not.toBeNull();
    expect(await db.auditEvent.count({ where: { shop: SHOP, subjectId: creator.id, action: "creator.payout_details_approved", actor: "staff:42" } })).toBe(1);
    expect(await approvePayoutDetails(db, { shop: SHOP, creatorId: creator.id, actor: "staff:42", now: new Date() })).toMatchObject({ ok: false, status: 409 });
  });

  it("only the owner and staff allowed to approve payouts may approve changed details: anyone else gets 403 and nothing changes", async () => {
    const creator = await seedCreator(SHOP, "guarded");
    sent.length = 0;
    await request(creator, { method: "paypal", paypalEmail: "guarded.old@example.com" });
    await confirm(tokenFrom(sent.at(-1)));
    await request(creator, { method: "paypal", paypalEmail: "guarded.new@example.com" });
    await confirm(tokenFrom(sent.find((email) => email.subject.startsWith("Confirm") && email.text.includes("guarded.new@example.com"))));
    const before = await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(before.reviewRequired).toBe(true);

    for (const actor of ["staff:77", "staff:unknown", "staff:999"]) {
      const refused = await approvePayoutDetails(db, { shop: SHOP, creatorId: creator.id, actor, now: new Date(), seenUpdatedAt: before.updatedAt.toISOString() });
      expect(refused).toMatchObject({ ok: false, status: 403 });
      expect(refused.ok ? "" : refused.message).toMatch(/owner.*Can approve payouts.*Settings › Staff/);
    }
    const after = await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } });
    expect(after).toMatchObject({ reviewRequired: true, reviewedBy: null, updatedAt: before.updatedAt });
    expect(await db.auditEvent.count({ where: { shop: SHOP, subjectId: creator.id, action: "creator.payout_details_approved" } })).toBe(0);

    // The owner may, even without the flag.
    expect(await approvePayoutDetails(db, { shop: SHOP, creatorId: creator.id, actor: "staff:1", now: new Date(), seenUpdatedAt: before.updatedAt.toISOString() })).toEqual({ ok: true });
  });

  it("refuses approving details that changed again after the merchant loaded the page", async () => {
    const creator = await seedCreator(SHOP, "racer");
    sent.length = 0;
    await request(creator, { method: "store_credit" });
    await confirm(tokenFrom(sent.at(-1)));
    await request(creator, { method: "gift_card" });
    await confirm(tokenFrom(sent.find((email) => email.subject.startsWith("Confirm") && email.text.includes("gift card"))));
    const seen = (await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } })).updatedAt.toISOString();
    await request(creator, { method: "paypal", paypalEmail: "attacker@example.com" });
    await confirm(tokenFrom(sent.find((email) => email.subject.startsWith("Confirm") && email.text.includes("attacker@example.com"))));
    expect(await approvePayoutDetails(db, { shop: SHOP, creatorId: creator.id, actor: "staff:42", now: new Date(), seenUpdatedAt: seen })).toMatchObject({ ok: false, status: 409 });
    expect((await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } })).reviewRequired).toBe(true);
  });

  it("refuses a used, an expired, a replaced and another shop's link, and changes nothing", async () => {
    const creator = await seedCreator(SHOP, "refused");
    const now = new Date();
    sent.length = 0;
    await request(creator, { method: "paypal", paypalEmail: "one@example.com" }, now);
    const first = tokenFrom(sent[0]);
    expect(await confirm(first, now, OTHER_SHOP)).toEqual({ ok: false, reason: "invalid" });
    expect(await confirm(first, new Date(now.getTime() + 25 * 3_600_000))).toEqual({ ok: false, reason: "expired" });
    expect(await db.creatorPayoutProfile.findFirst({ where: { shop: SHOP, creatorId: creator.id } })).toBeNull();

    await request(creator, { method: "paypal", paypalEmail: "two@example.com" }, now);
    const second = tokenFrom(sent[1]);
    expect(await confirm(first, now)).toEqual({ ok: false, reason: "superseded" });
    expect(await confirm(second, now)).toMatchObject({ ok: true });
    expect(await confirm(second, now)).toEqual({ ok: false, reason: "used" });
    expect(await confirm("not-a-real-token-but-long-enough", now)).toEqual({ ok: false, reason: "invalid" });
    expect((await db.creatorPayoutProfile.findFirstOrThrow({ where: { shop: SHOP, creatorId: creator.id } })).paypalEmail).toBe("two@example.com");
  });
});
