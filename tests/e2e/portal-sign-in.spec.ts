/**
 * A creator signs in to the portal on the local storefront both ways a demo user can: with the store's customer
 * account (the portal's "Sign in to your account", back to the portal after logging in), and with the emailed
 * one-time link opened from the local Shopify's mailbox. The email session survives a reload, never shows in the
 * address bar, and "Sign out" ends it.
 */
import { expect, test } from "@playwright/test";
import { openApp, SHOP, stackValue, withTestDatabase } from "./support";

// A customer of the local Shopify's seed (verified email), who is also an approved creator of the shop.
const CREATOR = { id: "e2e-portal-creator", name: "Amara Okafor", email: "amara.okafor@example.com", refToken: "r_e2e_portal" };
const WAIT = { timeout: 30_000 };

function storefrontOrigin(): string {
  // The storefront answers on the admin's port under 127.0.0.1; localhost stays the admin.
  return stackValue("E2E_ADMIN_ORIGIN").replace("//localhost:", "//127.0.0.1:");
}

async function cleanUp() {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "CreatorPortalSession" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR.id]);
    await client.query(`DELETE FROM "CreatorLoginToken" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR.id]);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND "subjectId" = $2`, [SHOP, CREATOR.id]);
    await client.query(`DELETE FROM "SentEmail" WHERE shop = $1 AND "to" = $2`, [SHOP, CREATOR.email]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR.id]);
  });
}

test.beforeAll(async () => {
  await cleanUp();
  await withTestDatabase((client) =>
    client.query(`INSERT INTO "Creator" (id, shop, handle, name, email, "refToken", status, "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, 'approved', now())`, [
      CREATOR.id,
      SHOP,
      "amara-e2e",
      CREATOR.name,
      CREATOR.email,
      CREATOR.refToken,
    ]),
  );
});

test.afterAll(cleanUp);

test("a creator with a customer account signs in through the store's login and comes back to the portal", async ({ page, browser }) => {
  await openApp(page); // installs the app on the local shop (its Shop row), as a merchant would first
  const context = await browser.newContext({ baseURL: storefrontOrigin() });
  const shopper = await context.newPage();
  await shopper.goto("/apps/affable/portal");
  await shopper.getByRole("link", { name: "Sign in to your account" }).click();
  await expect(shopper.getByRole("heading", { name: "Log in" })).toBeVisible();
  await shopper.getByLabel("Email").fill(CREATOR.email);
  await shopper.getByRole("button", { name: "Log in" }).click();
  await expect(shopper).toHaveURL(/\/apps\/affable\/portal\/?$/);
  await expect(shopper.getByText(`Signed in as ${CREATOR.name}`)).toBeVisible(WAIT);
  await context.close();
  // Undo the link, so the email sign-in below is tested on its own.
  await withTestDatabase((client) => client.query(`UPDATE "Creator" SET "shopifyCustomerId" = NULL WHERE shop = $1 AND id = $2`, [SHOP, CREATOR.id]));
});

test("a creator signs in with the emailed link from the local mailbox; the session survives a reload and Sign out ends it", async ({ page, browser }) => {
  const context = await browser.newContext({ baseURL: storefrontOrigin() });
  const creatorPage = await context.newPage();
  await creatorPage.goto("/apps/affable/portal");
  await creatorPage.getByLabel("Email you registered with").fill(CREATOR.email);
  await creatorPage.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(creatorPage.getByRole("status")).toContainText("a sign-in link is on its way");

  // The local Shopify's mailbox: the message's link points at the local storefront, not at *.myshopify.com.
  await expect
    .poll(async () => {
      const mail = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`)).json()) as { messages: Array<{ to: string[]; subject: string }> };
      return mail.messages.some((message) => message.to.includes(CREATOR.email) && message.subject.includes("creator portal"));
    }, WAIT)
    .toBe(true);
  await page.goto(`${stackValue("E2E_ADMIN_ORIGIN")}/store/affable-demo/mail`);
  await page.locator("#mail-table tr").filter({ hasText: CREATOR.email }).first().getByRole("link").click();
  const link = page.locator("#mail-links a").filter({ hasText: "/portal/sign-in?token=" });
  await expect(link).toHaveAttribute("href", new RegExp(`^${storefrontOrigin()}/apps/affable/portal/sign-in\\?token=`));
  const href = (await link.getAttribute("href")) ?? "";

  // Opened in the creator's browser: a confirmation page first (opening the link does not use it up).
  await creatorPage.goto(href);
  await expect(creatorPage).toHaveURL(/\/portal\/sign-in$/); // the token left the address bar
  await creatorPage.getByRole("button", { name: "Continue to the creator portal" }).click();
  await expect(creatorPage.getByText(`Signed in as ${CREATOR.name}`)).toBeVisible(WAIT);
  await expect(creatorPage).toHaveURL(/\/apps\/affable\/portal$/);
  expect(creatorPage.url()).not.toContain("token=");
  expect(creatorPage.url()).not.toContain("s=");

  // A reload, and another page of the portal, stay signed in.
  await creatorPage.reload();
  await expect(creatorPage.getByText(`Signed in as ${CREATOR.name}`)).toBeVisible(WAIT);
  await creatorPage.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Payouts" }).click();
  await expect(creatorPage).toHaveURL(/\/apps\/affable\/portal\/payouts\/?$/);
  await expect(creatorPage.getByText(`Signed in as ${CREATOR.name}`)).toBeVisible(WAIT);

  // Sign out ends the session on the server too.
  await creatorPage.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(creatorPage.getByRole("status")).toContainText("You are signed out");
  await creatorPage.goto("/apps/affable/portal");
  await expect(creatorPage.getByLabel("Email you registered with")).toBeVisible();
  await expect(creatorPage.getByText(`Signed in as ${CREATOR.name}`)).toHaveCount(0);
  const active = await withTestDatabase(
    async (client) => (await client.query(`SELECT count(*)::int AS n FROM "CreatorPortalSession" WHERE shop = $1 AND "creatorId" = $2 AND "revokedAt" IS NULL`, [SHOP, CREATOR.id])).rows[0]?.n,
  );
  expect(active).toBe(0);
  await context.close();
});
