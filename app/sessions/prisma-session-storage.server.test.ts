import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { PrismaSessionStorage, toSession, toSessionColumns } from "./prisma-session-storage.server";

describe("session rows", () => {
  it("round-trips an expiring offline session with its refresh token", () => {
    const session = new Session({
      id: "offline_affable-demo.myshopify.com",
      shop: "affable-demo.myshopify.com",
      state: "state",
      isOnline: false,
      scope: "read_products,write_discounts",
      expires: new Date("2026-11-23T13:00:00.000Z"),
      accessToken: "shpat_x",
      refreshToken: "shprt_y",
      refreshTokenExpires: new Date("2027-02-21T12:00:00.000Z"),
    });
    const restored = toSession({ id: session.id, ...toSessionColumns(session) });
    expect(restored.toObject()).toEqual(session.toObject());
    expect(restored.isActive("read_products")).toBe(session.isActive("read_products"));
  });

  it("keeps an online session's staff member", () => {
    const session = new Session({
      id: "affable-demo.myshopify.com_42",
      shop: "affable-demo.myshopify.com",
      state: "",
      isOnline: true,
      accessToken: "shpua_x",
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: "read_products",
        associated_user: {
          id: 42,
          first_name: "Avery",
          last_name: "Chen",
          email: "avery@example.com",
          email_verified: true,
          account_owner: true,
          locale: "en",
          collaborator: false,
        },
      },
    });
    const columns = toSessionColumns(session);
    expect(columns.userId).toBe(42n);
    expect(toSession({ id: session.id, ...columns }).onlineAccessInfo?.associated_user).toMatchObject({
      id: 42,
      email: "avery@example.com",
      account_owner: true,
    });
  });
});

describe("PrismaSessionStorage's short cache", () => {
  // An in-memory stand-in for the three Prisma calls the storage makes, counting reads.
  function createFakeDatabase() {
    const rows = new Map<string, Record<string, unknown>>();
    let reads = 0;
    // While set, reads wait for it: a read that is still under way when something else happens.
    let gate: Promise<void> | null = null;
    const db = {
      session: {
        findUnique: async ({ where }: { where: { id: string } }) => {
          reads += 1;
          const row = rows.get(where.id) ?? null;
          if (gate) await gate;
          return row;
        },
        upsert: async ({ where, create }: { where: { id: string }; create: Record<string, unknown> }) => {
          rows.set(where.id, create);
          return create;
        },
        deleteMany: async ({ where }: { where: { id: string | { in: string[] } } }) => {
          for (const id of typeof where.id === "string" ? [where.id] : where.id.in) rows.delete(id);
          return { count: 1 };
        },
      },
    };
    const holdReads = () => {
      let release!: () => void;
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release();
      };
    };
    return { db: db as unknown as ConstructorParameters<typeof PrismaSessionStorage>[0], reads: () => reads, holdReads };
  }
  const offline = (token: string) =>
    new Session({ id: "offline_shop.myshopify.com", shop: "shop.myshopify.com", state: "", isOnline: false, accessToken: token });

  it("reads the database once per id within the time limit, then again after it", async () => {
    const fake = createFakeDatabase();
    let now = 1_000_000;
    const storage = new PrismaSessionStorage(fake.db, () => now);
    await storage.storeSession(offline("shpat_1"));
    const before = fake.reads();
    for (let index = 0; index < 5; index += 1) expect((await storage.loadSession("offline_shop.myshopify.com"))?.accessToken).toBe("shpat_1");
    expect(fake.reads() - before).toBe(0);
    now += 5_001;
    await storage.loadSession("offline_shop.myshopify.com");
    expect(fake.reads() - before).toBe(1);
  });

  it("serves what this process stored or deleted at once, never the older copy", async () => {
    const fake = createFakeDatabase();
    const storage = new PrismaSessionStorage(fake.db, () => 0);
    await storage.storeSession(offline("shpat_old"));
    await storage.loadSession("offline_shop.myshopify.com");
    await storage.storeSession(offline("shpat_refreshed"));
    expect((await storage.loadSession("offline_shop.myshopify.com"))?.accessToken).toBe("shpat_refreshed");
    await storage.deleteSession("offline_shop.myshopify.com");
    expect(await storage.loadSession("offline_shop.myshopify.com")).toBeUndefined();
  });

  it("hands out a fresh Session object each time, so a caller's change never leaks to the next", async () => {
    const fake = createFakeDatabase();
    const storage = new PrismaSessionStorage(fake.db, () => 0);
    await storage.storeSession(offline("shpat_1"));
    const first = await storage.loadSession("offline_shop.myshopify.com");
    first!.accessToken = "changed";
    expect((await storage.loadSession("offline_shop.myshopify.com"))?.accessToken).toBe("shpat_1");
  });

  it("reads an expired row once for a whole burst of deliveries, not once per delivery", async () => {
    const fake = createFakeDatabase();
    let now = 0;
    const storage = new PrismaSessionStorage(fake.db, () => now);
    await storage.storeSession(offline("shpat_1"));
    now += 5_001;
    const before = fake.reads();
    const release = fake.holdReads();
    const burst = Array.from({ length: 20 }, () => storage.loadSession("offline_shop.myshopify.com"));
    release();
    const sessions = await Promise.all(burst);
    expect(fake.reads() - before).toBe(1);
    expect(sessions.map((session) => session?.accessToken)).toEqual(Array(20).fill("shpat_1"));
    expect(new Set(sessions).size).toBe(20);
  });

  it("never caches a row read before a write that replaced it", async () => {
    const fake = createFakeDatabase();
    let now = 0;
    const storage = new PrismaSessionStorage(fake.db, () => now);
    await storage.storeSession(offline("shpat_old"));
    now += 5_001;
    const release = fake.holdReads();
    const staleRead = storage.loadSession("offline_shop.myshopify.com");
    // A token refresh lands while that read is still under way.
    release();
    await storage.storeSession(offline("shpat_refreshed"));
    expect((await staleRead)?.accessToken).toBe("shpat_old");
    expect((await storage.loadSession("offline_shop.myshopify.com"))?.accessToken).toBe("shpat_refreshed");
  });
});
