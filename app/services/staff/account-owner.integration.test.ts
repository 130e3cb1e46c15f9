/**
 * The real account owner becomes the owner in Affable: the local Shopify answers an online token exchange with
 * associated_user.account_owner (as Shopify does), read once per new staff member.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase, HARNESS_APP, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../../../tests/support/app-test-harness";
import { mintSessionToken } from "../../../devstore/session-token";
import { readSessionTokenText, readShopifyStaffIdentity } from "../../shopify/read-account-owner.server";
import { transferOwnership } from "./manage-staff-members.server";
import { recordStaffVisit } from "./record-staff-visit.server";

const postgresUrl = inject("postgresUrl");
const NOW = new Date("2026-12-07T18:00:00.000Z");
let db: Database;
let harness: ShopifyHarness;
let ownerId: string;
let staffId: string;
let thirdId: string;

const token = (userId: string) => mintSessionToken({ ...HARNESS_APP, shop: TEST_SHOP, userId, sessionId: `s-${userId}` });
const asksShopify = (userId: string) => ({ identify: async () => readShopifyStaffIdentity(TEST_SHOP, await token(userId), HARNESS_APP) });
const says = (accountOwner: boolean) => ({ identify: () => Promise.resolve({ accountOwner, displayName: null }) });
const ownersOf = async (shop: string) => (await db.staffMember.findMany({ where: { shop, isOwner: true } })).map((member) => member.userId);

describe.skipIf(postgresUrl === null)("the Shopify account owner becomes the owner (PostgreSQL + local Shopify)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "account_owner")).db;
    harness = await startShopifyHarness();
    const staff = harness.devstore.context.state.read().staffMembers;
    ownerId = String(staff.find((member) => member.accountOwner)?.id);
    const other = staff.find((member) => !member.accountOwner);
    if (!other) throw new Error("the devstore seed needs a staff member who is not the account owner");
    staffId = String(other.id);
    // Not in the local Shopify's staff list: only used where Shopify is not asked.
    thirdId = "91840999999";
  });
  afterAll(async () => {
    await harness?.close();
    await db?.$disconnect();
  });

  it("Shopify's online token exchange says who the account owner is, and their name", async () => {
    const staff = harness.devstore.context.state.read().staffMembers;
    const ownerRecord = staff.find((member) => String(member.id) === ownerId);
    expect(await readShopifyStaffIdentity(TEST_SHOP, await token(ownerId), HARNESS_APP)).toEqual({ accountOwner: true, displayName: `${ownerRecord?.firstName} ${ownerRecord?.lastName}` });
    expect(await readShopifyStaffIdentity(TEST_SHOP, await token(staffId), HARNESS_APP)).toMatchObject({ accountOwner: false });
    await expect(readShopifyStaffIdentity(TEST_SHOP, "not-a-token", HARNESS_APP)).rejects.toThrow(/400/);
  });

  it("a staff member who opens Affable first is owner until the account owner arrives; then ownership moves, audited", async () => {
    const shop = TEST_SHOP;
    const first = await recordStaffVisit(db, shop, staffId, NOW, asksShopify(staffId));
    expect(first.isOwner).toBe(true);
    const owner = await recordStaffVisit(db, shop, ownerId, NOW, asksShopify(ownerId));
    expect(owner).toMatchObject({ isOwner: true, canApprovePayouts: true, displayName: expect.stringMatching(/\S+ \S+/) as unknown });
    expect(await ownersOf(shop)).toEqual([ownerId]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { shop, action: "staff.ownership_transferred" } });
    expect(audit).toMatchObject({ actor: "system:shopify-account-owner", subjectId: owner.id });
    // A member Shopify says is not the account owner is not made owner.
    expect(await recordStaffVisit(db, shop, thirdId, NOW, says(false))).toMatchObject({ isOwner: false, canApprovePayouts: false });
  });

  it("once a person transferred ownership, the account owner arriving later does not take it back; a failed lookup falls back to first seen", async () => {
    const shop = "other-store.myshopify.com";
    const failing = { identify: () => Promise.reject(new Error("Shopify unreachable")), onLookupError: () => undefined };
    const first = await recordStaffVisit(db, shop, staffId, NOW, failing);
    expect(first.isOwner).toBe(true);
    const third = await recordStaffVisit(db, shop, thirdId, NOW, failing);
    expect(await transferOwnership(db, { shop, actorUserId: staffId, memberId: third.id, reason: "Hand over", now: NOW })).toMatchObject({ ok: true });
    await recordStaffVisit(db, shop, ownerId, NOW, says(true));
    expect(await ownersOf(shop)).toEqual([thirdId]);
  });

  it("the account owner and another staff member open Affable at the same moment: the account owner ends up the only owner", async () => {
    for (let round = 0; round < 6; round++) {
      const shop = `race-owner-${round}.myshopify.com`;
      await Promise.all([recordStaffVisit(db, shop, "staff-b", NOW, says(false)), recordStaffVisit(db, shop, "owner-a", NOW, says(true))]);
      expect(await ownersOf(shop)).toEqual(["owner-a"]);
      expect(await db.staffMember.count({ where: { shop } })).toBe(2);
    }
  });

  it("reads the raw session token from the Authorization header or the id_token parameter", () => {
    expect(readSessionTokenText(new Request("https://app.example/app", { headers: { Authorization: "Bearer abc.def" } }))).toBe("abc.def");
    expect(readSessionTokenText(new Request("https://app.example/app?id_token=xyz"))).toBe("xyz");
    expect(readSessionTokenText(new Request("https://app.example/app"))).toBeNull();
  });
});
