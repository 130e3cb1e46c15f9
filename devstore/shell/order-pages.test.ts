import { afterEach, describe, expect, it } from "vitest";
import { createTestDevstore, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { shellRoutes } from "./routes.ts";

const ADMIN = "http://localhost:4000";
const ORDERS = "/store/affable-demo/orders";
let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

async function setUp() {
  devstore = createTestDevstore();
  const app = shellRoutes(devstore.context, { autoLogin: false });
  const login = await app.request("/login", {
    method: "POST",
    headers: { Origin: ADMIN, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
    body: "return_to=%2Fadmin",
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const post = (path: string, fields: Record<string, string>, origin = ADMIN) =>
    app.request(path, {
      method: "POST",
      headers: { Cookie: cookie, Origin: origin, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  const get = async (path: string) => (await app.request(path, { headers: { Cookie: cookie } })).text();
  return { post, get };
}

function variantId(sku: string): string {
  for (const product of devstore.context.state.read().products) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant) return String(variant.id);
  }
  throw new Error(`no variant ${sku}`);
}

describe("the admin's Orders pages", () => {
  it("places an order from the form, then refunds units and shipping, edits and cancels it from its page", async () => {
    const { post, get } = await setUp();
    expect(await get(ORDERS)).toContain("No orders yet");

    const placed = await post(ORDERS, { variantId: variantId("TSC-CAP-01"), quantity: "3", ref: "r_maya", shippingPrice: "5.00", presentmentCurrency: "USD" });
    expect(placed.status).toBe(303);
    const order = devstore.context.state.read().orders[0];
    if (!order) throw new Error("no order");
    expect(placed.headers.get("location")).toMatch(new RegExp(`^${ORDERS}/${order.id}\\?notice=`));
    expect(order.noteAttributes).toEqual([{ name: "_affable_ref", value: "r_maya" }]);
    const list = await get(ORDERS);
    expect(list).toContain(`data-order-id="${order.id}"`);
    expect(list).toContain("#1001");

    const lineId = order.lineItems[0]?.id ?? 0;
    const refunded = await post(`${ORDERS}/${order.id}/refund`, { [`refund_${lineId}`]: "1", shipping: "5.00", note: "Lost" });
    expect(refunded.headers.get("location")).toMatch(/\?notice=Refunded/);
    const page = await get(`${ORDERS}/${order.id}`);
    expect(page).toContain("1 × Canvas Field Cap");
    expect(page).toMatch(/partially refunded/);

    const tooMany = await post(`${ORDERS}/${order.id}/refund`, { [`refund_${lineId}`]: "5" });
    expect(decodeURIComponent(tooMany.headers.get("location") ?? "")).toMatch(/\?error=.*2 unit\(s\) left to refund/);

    await post(`${ORDERS}/${order.id}/edit`, { [`qty_${lineId}`]: "1", addVariantId: variantId("NBG-POUR-01"), addQuantity: "1" });
    const edited = devstore.context.state.read().orders[0];
    expect(edited?.lineItems.map((line) => [line.quantity, line.removedQuantity])).toEqual([[3, 1], [1, 0]]);

    await post(`${ORDERS}/${order.id}/cancel`, { reason: "inventory", refund: "1" });
    expect(devstore.context.state.read().orders[0]).toMatchObject({ cancelReason: "inventory", financialStatus: "refunded" });
    expect(await get(`${ORDERS}/${order.id}`)).toContain("This order is cancelled.");
  });

  it("refunds a whole order with one button and refuses posts from another origin", async () => {
    const { post } = await setUp();
    await post(ORDERS, { variantId: variantId("TSC-CAP-01"), quantity: "2" });
    const id = devstore.context.state.read().orders[0]?.id ?? 0;
    expect((await post(`${ORDERS}/${id}/refund`, { full: "1" }, "https://evil.example")).status).toBe(403);
    await post(`${ORDERS}/${id}/refund`, { full: "1" });
    expect(devstore.context.state.read().orders[0]?.financialStatus).toBe("refunded");
  });
});
