import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SHOP_DOMAIN } from "../config.ts";
import { allocateId } from "./allocate-id.ts";
import { createSeedState, DEFAULT_SEED_EPOCH } from "./seed-state.ts";
import { toGid, parseGid } from "./shopify-gid.ts";
import { openStateStore } from "./state-store.ts";

let directory: string;
let file: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "devstore-state-"));
  file = path.join(directory, "state.json");
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("the seed", () => {
  it("is the same world every time: same ids, same times, byte for byte", () => {
    const first = createSeedState({ shopDomain: SHOP_DOMAIN });
    const second = createSeedState({ shopDomain: SHOP_DOMAIN });
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(first.seedEpoch).toBe(DEFAULT_SEED_EPOCH);
    expect(first.shop.id).toBe(7_420_000_000_001);
    expect(toGid("Product", first.products[0]!.id)).toBe("gid://shopify/Product/7420000000005");
  });

  it("derives every timestamp from the epoch it is given, not the wall clock", () => {
    const later = createSeedState({ shopDomain: SHOP_DOMAIN, epoch: "2027-03-01T00:00:00.000Z" });
    expect(later.shop.createdAt).toBe("2027-03-01T00:00:00.000Z");
    expect(later.products[0]!.id).toBe(createSeedState({ shopDomain: SHOP_DOMAIN }).products[0]!.id);
  });

  it("is a realistic shop: 12 products in 4 collections, 8 customers, an account owner, money as decimal strings", () => {
    const state = createSeedState({ shopDomain: SHOP_DOMAIN });
    expect(state.shop).toMatchObject({ name: "Affable Demo Store", currencyCode: "USD", ianaTimezone: "America/New_York", myshopifyDomain: SHOP_DOMAIN });
    expect(state.products).toHaveLength(12);
    expect(state.collections).toHaveLength(4);
    expect(state.customers).toHaveLength(8);
    expect(state.staffMembers.filter((member) => member.accountOwner)).toHaveLength(1);
    const prices = state.products.flatMap((product) => product.variants.map((variant) => variant.price));
    expect(prices.every((price) => /^\d+\.\d{2}$/.test(price))).toBe(true);
    const productIds = new Set(state.products.map((product) => product.id));
    expect(state.collections.every((collection) => collection.productIds.every((id) => productIds.has(id)))).toBe(true);
    const allIds = [state.shop.id, ...state.products.flatMap((product) => [product.id, ...product.variants.map((variant) => variant.id)]), ...state.customers.map((customer) => customer.id)];
    expect(new Set(allIds).size).toBe(allIds.length);
    expect(state.installations).toEqual([]);
  });
});

describe("openStateStore", () => {
  it("seeds a missing file, and reads back what was written after a restart", () => {
    const store = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    expect(JSON.parse(readFileSync(file, "utf8")).products).toHaveLength(12);
    store.update((state) => {
      state.customers[0]!.note = "Met at the Burlington market";
      allocateId(state);
    });

    const reopened = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    expect(reopened.read().customers[0]!.note).toBe("Met at the Burlington market");
    expect(reopened.read().nextId).toBe(store.read().nextId);
  });

  it("writes atomically: no temporary files left behind, and a failed change leaves memory and disk untouched", () => {
    const store = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    const before = readFileSync(file, "utf8");
    expect(() =>
      store.update((state) => {
        state.products = [];
        throw new Error("changed my mind");
      }),
    ).toThrow("changed my mind");
    expect(store.read().products).toHaveLength(12);
    expect(readFileSync(file, "utf8")).toBe(before);
    expect(readdirSync(directory)).toEqual(["state.json"]);
  });

  it("refuses an asynchronous change instead of persisting half of it", () => {
    const store = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    expect(() => store.update(async () => undefined)).toThrow(/synchronous/);
  });

  it("loads a file written before a collection existed (new collections default to empty)", () => {
    const older: Record<string, unknown> = { ...createSeedState({ shopDomain: SHOP_DOMAIN }) };
    delete older.refreshTokens;
    delete older.installations;
    writeFileSync(file, JSON.stringify(older));
    const store = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    expect(store.read().refreshTokens).toEqual([]);
    expect(store.read().installations).toEqual([]);
  });

  it("says how to recover from a corrupt or foreign state file", () => {
    writeFileSync(file, "{ not json");
    expect(() => openStateStore({ file, shopDomain: SHOP_DOMAIN })).toThrow(/devstore:reset/);
    writeFileSync(file, JSON.stringify(createSeedState({ shopDomain: "other-shop.myshopify.com" })));
    expect(() => openStateStore({ file, shopDomain: SHOP_DOMAIN })).toThrow(/belongs to other-shop.myshopify.com/);
  });

  it("reset drops installed apps and tokens and re-seeds", () => {
    const store = openStateStore({ file, shopDomain: SHOP_DOMAIN });
    store.update((state) => {
      state.products.pop();
      state.installations.push({ id: allocateId(state), apiKey: "k", scopes: [], installedAt: DEFAULT_SEED_EPOCH, updatedAt: DEFAULT_SEED_EPOCH });
    });
    const fresh = store.reset();
    expect(fresh.products).toHaveLength(12);
    expect(fresh.installations).toEqual([]);
    expect(JSON.stringify(fresh)).toBe(JSON.stringify(createSeedState({ shopDomain: SHOP_DOMAIN })));
  });
});

describe("GIDs", () => {
  it("round-trip and reject what is not one", () => {
    expect(parseGid("gid://shopify/Customer/7420000000099")).toEqual({ type: "Customer", id: 7420000000099 });
    expect(parseGid("7420000000099")).toBeNull();
    expect(parseGid("gid://shopify/Customer/abc")).toBeNull();
  });
});
