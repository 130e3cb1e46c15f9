/**
 * A creator changes how they are paid in the portal on the local storefront, and a hijacked session could not have
 * done it silently: the change waits for the link emailed to the creator's address (read from the local Shopify's
 * mailbox), the creator and the previous PayPal address are told, and the merchant must approve the new details on
 * the creator page before the next payout.
 */
import { expect, test } from "@playwright/test";
import { findAppFrame, openApp, SHOP, stackValue, withTestDatabase } from "./support";

const CREATOR = { id: "e2e-payout-details-creator", name: "Pia Payee", email: "pia.payee@example.com", refToken: "r_e2e_payout_details" };
const WAIT = { timeout: 30_000 };

function storefrontOrigin(): string {
  return stackValue("E2E_ADMIN_ORIGIN").replace("//localhost:", "//127.0.0.1:");
}

type Mail = { to: string[]; subject: string; text: string | null };
async function readMail(): Promise<Mail[]> {
  return ((await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`)).json()) as { messages: Mail[] }).messages;
}

async function cleanUp() {
  await withTestDatabase(async (client) => {
    for (const table of ["CreatorPortalSession", "CreatorLoginToken", "PayoutDetailsChange", "CreatorPayoutProfile"]) {
      await client.query(`DELETE FROM "${table}" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR.id]);
    }
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND "subjectId" = $2`, [SHOP, CREATOR.id]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR.id]);
  });
}

test.beforeAll(async () => {
  await cleanUp();
  await withTestDatabase(async (client) => {
    await client.query(`INSERT INTO "Creator" (id, shop, handle, name, email, "refToken", status, "updatedAt") VALUES ($1, $2, 'pia-e2e', $3, $4, $5, 'approved', now())`, [
      CREATOR.id, SHOP, CREATOR.name, CREATOR.email, CREATOR.refToken,
    ]);
    // Details confirmed earlier: the change below replaces them, so it needs the merchant's review.
    await client.query(
      `INSERT INTO "CreatorPayoutProfile" (id, shop, "creatorId", method, "paypalEmail", "updatedAt") VALUES ('e2e-pia-profile', $1, $2, 'paypal', 'pia.old-paypal@example.com', now())`,
      [SHOP, CREATOR.id],
    );
  });
});

test.afterAll(cleanUp);

test("a bank transfer change applies only from the emailed link, tells the old PayPal address, and waits for the merchant's approval", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await openApp(page); // installs the app on the local shop (its Shop row), as a merchant would first
  const context = await browser.newContext({ baseURL: storefrontOrigin() });
  const creatorPage = await context.newPage();
  await creatorPage.goto("/apps/affable/portal");
  await creatorPage.getByLabel("Email you registered with").fill(CREATOR.email);
  await creatorPage.getByRole("button", { name: "Email me a sign-in link" }).click();
  const signInToken = async () =>
    (await readMail()).find((mail) => mail.to.includes(CREATOR.email) && mail.subject.includes("creator portal"))?.text?.match(/\/portal\/sign-in\?token=([A-Za-z0-9_-]+)/)?.[1] ?? "";
  await expect.poll(signInToken, WAIT).not.toBe("");
  await creatorPage.goto(`/apps/affable/portal/sign-in?token=${await signInToken()}`);
  await creatorPage.getByRole("button", { name: "Continue to the creator portal" }).click();
  await creatorPage.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Payout details", exact: true }).click();
  await expect(creatorPage.getByText("You are paid by: PayPal to pia.old-paypal@example.com")).toBeVisible(WAIT);

  await creatorPage.getByRole("radio", { name: "Bank transfer (IBAN)" }).check();
  await creatorPage.getByLabel("IBAN (for bank transfer)").fill("DE89 3704 0044 0532 0130 00");
  await creatorPage.getByLabel("Account holder name (for bank transfer)").fill("Pia Payee");
  await creatorPage.getByRole("button", { name: "Save payout details" }).click();
  await expect(creatorPage.getByRole("status")).toContainText(`we emailed a confirmation link to ${CREATOR.email}`);
  // Nothing changed yet.
  await expect(creatorPage.getByText("You are paid by: PayPal to pia.old-paypal@example.com")).toBeVisible();
  await expect(creatorPage.getByText("Waiting for your confirmation:")).toBeVisible();

  const confirmLink = async () =>
    (await readMail()).find((mail) => mail.to.includes(CREATOR.email) && mail.subject.startsWith("Confirm your new payout details"))?.text?.match(/https?:\/\/\S+\/portal\/payout-details\/confirm\?token=[A-Za-z0-9_-]+/)?.[0] ?? "";
  await expect.poll(confirmLink, WAIT).not.toBe("");
  const link = new URL(await confirmLink());
  await creatorPage.goto(`${link.pathname}${link.search}`);
  await expect(creatorPage).toHaveURL(/\/portal\/payout-details\/confirm$/); // the token left the address bar
  await creatorPage.getByRole("button", { name: "Confirm my new payout details" }).click();
  await expect(creatorPage.getByRole("heading", { name: "Payout details confirmed" })).toBeVisible(WAIT);
  await expect(creatorPage.getByText("Bank transfer to the IBAN ending 3000 (Pia Payee)")).toBeVisible();
  await context.close();

  await expect.poll(async () => (await readMail()).some((mail) => mail.to.includes("pia.old-paypal@example.com")), WAIT).toBe(true);
  await expect.poll(async () => (await readMail()).some((mail) => mail.to.includes(CREATOR.email) && mail.subject.includes("were changed")), WAIT).toBe(true);

  // The merchant sees the masked details and approves them.
  await page.goto(`${stackValue("E2E_APP_SHELL_URL")}/app/creators/${CREATOR.id}`);
  const frame = await findAppFrame(page);
  await expect(frame.getByText("Needs your review")).toBeVisible(WAIT);
  await expect(frame.getByText("IBAN •••• 3000")).toBeVisible();
  await expect(frame.getByText("DE89370400440532013000")).toHaveCount(0);
  await frame.getByRole("button", { name: "Approve payout details" }).click();
  await expect(frame.getByText("Needs your review")).toHaveCount(0, WAIT);
  await expect(frame.getByText(/^Approved on /)).toBeVisible();
  const profile = await withTestDatabase(
    async (client) => (await client.query(`SELECT "reviewRequired", "reviewedBy", "ibanSealed" FROM "CreatorPayoutProfile" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR.id])).rows[0],
  );
  expect(profile).toMatchObject({ reviewRequired: false, reviewedBy: expect.stringMatching(/^staff:/) });
  expect(String(profile?.ibanSealed)).not.toContain("DE89370400440532013000");
});
