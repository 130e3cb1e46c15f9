import { expect, test } from "@playwright/test";
import { appFrame, findLocalShopifyDiscount, listLocalShopifyMail, openApp, removeCreators } from "./support";

test.afterAll(removeCreators);

test("a creator's code is created in Shopify with exactly the chosen settings, and deactivated there too", async ({ page }) => {
  await openApp(page);
  const frame = appFrame(page);
  await page.getByRole("link", { name: "Creators", exact: true }).first().click();
  await frame.getByRole("link", { name: "Add creator" }).first().click();
  await frame.getByLabel("Name").fill("Grace Hopper");
  await frame.getByLabel("Email", { exact: true }).fill("grace@example.com");
  await frame.getByRole("button", { name: "Save creator" }).click();
  await expect(frame.getByRole("heading", { name: "Grace Hopper" })).toBeVisible();
  // The invitation went out over SMTP: the local Shopify's mail catcher received it.
  await expect
    .poll(async () => (await listLocalShopifyMail()).filter((message) => message.to.includes("grace@example.com")).length)
    .toBe(1);

  await frame.getByRole("button", { name: "Create code" }).click();
  await frame.getByLabel("Code", { exact: true }).fill("grace20");
  await frame.getByLabel("Use a different discount than the program's default").check();
  await frame.getByLabel("Value").fill("20");
  await frame.getByLabel("Ends on").fill("2027-06-30");
  await frame.getByLabel("Usage limit").fill("50");
  await frame.getByLabel("Once per customer").check();
  await frame.getByLabel("Combines with shipping discounts").check();
  await frame.getByRole("button", { name: "Create in Shopify" }).click();
  await expect(frame.getByText("GRACE20", { exact: true })).toBeVisible();

  const created = await findLocalShopifyDiscount("GRACE20");
  expect(created).toMatchObject({
    code: "GRACE20",
    status: "ACTIVE",
    value: { kind: "percentage", percentage: 0.2 },
    usageLimit: 50,
    appliesOncePerCustomer: true,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: true },
  });
  // "Ends on June 30" in the local shop's time zone (America/New_York): the code works all of June 30 there.
  expect(created?.endsAt).toBe("2027-07-01T04:00:00.000Z");

  await frame.getByRole("button", { name: "Deactivate" }).click();
  await expect(frame.getByRole("button", { name: "Reactivate" })).toBeVisible();
  await expect.poll(async () => (await findLocalShopifyDiscount("GRACE20"))?.status).toBe("EXPIRED");

  // A code Shopify already holds is refused in the merchant's words, and the creator shows no phantom code.
  await frame.getByRole("button", { name: "Create code" }).click();
  await frame.getByLabel("Code", { exact: true }).fill("GRACE20");
  await frame.getByRole("button", { name: "Create in Shopify" }).click();
  await expect(frame.getByText(/The code GRACE20 already (belongs to|is used by)/).first()).toBeVisible();
  await expect(frame.getByText("GRACE20", { exact: true })).toHaveCount(1);
});
