import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { toSession, toSessionColumns } from "./prisma-session-storage.server";

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
