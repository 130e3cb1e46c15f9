import { expect, test } from "@playwright/test";
import { mintSessionToken } from "../../devstore/session-token";
import { appFrame, openApp, SHOP, stackValue } from "./support";

const HOST_PARAM = Buffer.from("admin.shopify.com/store/affable-demo").toString("base64url");

function stack() {
  return {
    shellUrl: stackValue("E2E_APP_SHELL_URL"),
    tunnel: stackValue("E2E_TUNNEL_ORIGIN"),
    apiKey: stackValue("E2E_API_KEY"),
    apiSecret: stackValue("E2E_API_SECRET"),
  };
}

test("the app loads embedded in the local admin with a real session token", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await openApp(page);
  // The shop's currency came from the local Shopify's Admin GraphQL via the token-exchanged access token.
  await expect(appFrame(page).getByText(/store currency, USD/)).toBeVisible();
  // The App Bridge stand-in lifted the app's navigation into the admin's sidebar.
  for (const name of ["Orders", "Creators", "Commissions", "Payouts", "Settings"]) {
    await expect(page.getByRole("list", { name: "Affable navigation" }).getByRole("link", { name, exact: true })).toBeVisible();
  }
  expect(consoleErrors.filter((text) => !text.includes("favicon"))).toEqual([]);
});

test("navigation from the admin sidebar is client-side across every page", async ({ page }) => {
  await openApp(page);
  const frame = page.frames().find((candidate) => candidate.url().startsWith(stack().tunnel));
  expect(frame, "the app frame").toBeDefined();
  // A marker on the app's window survives client-side navigation and dies with a full document load.
  await frame!.evaluate(() => Object.assign(window, { affableMarker: "still-here" }));

  const pages = [
    { link: "Creators", heading: "Creators", text: "Recruit the creators who will sell for you" },
    { link: "Commissions", heading: "Commissions", text: "No commissions here" },
    { link: "Payouts", heading: "Payouts", text: "Nobody is owed anything" },
    { link: "Settings", heading: "Settings", text: "Set up your program" },
    { link: "Sync health", heading: "Sync health", text: "No webhook events yet" },
    // Like Shopify admin, the sidebar shows the app's name for the nav menu's rel="home" item.
    { link: "Affable", heading: "Dashboard", text: "Welcome to Affable" },
  ];
  for (const target of pages) {
    await page.getByRole("link", { name: target.link, exact: true }).first().click();
    await expect(appFrame(page).getByRole("heading", { name: target.heading, exact: true })).toBeVisible();
    await expect(appFrame(page).getByText(target.text).first()).toBeVisible();
  }
  expect(await frame!.evaluate(() => (window as unknown as { affableMarker?: string }).affableMarker)).toBe(
    "still-here",
  );
});

test("an in-app link navigates client-side and the admin address bar follows", async ({ page }) => {
  await openApp(page);
  await appFrame(page).getByRole("link", { name: "Add your first creator" }).click();
  await expect(appFrame(page).getByRole("heading", { name: "Creators", exact: true })).toBeVisible();
  await expect(page).toHaveURL(/\/apps\/affable\/app\/creators/);
});

test.describe("session tokens the app must refuse", () => {
  const dataUrl = () => `${stack().tunnel}/app.data?shop=${SHOP}&host=${HOST_PARAM}&embedded=1`;

  async function goodToken(overrides: Partial<Parameters<typeof mintSessionToken>[0]> = {}) {
    const { apiKey, apiSecret } = stack();
    return mintSessionToken({ apiKey, apiSecret, shop: SHOP, userId: "1", sessionId: "e2e", ...overrides });
  }

  test("a valid token is accepted (control)", async ({ request }) => {
    const response = await request.get(dataUrl(), { headers: { Authorization: `Bearer ${await goodToken()}` } });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain(stack().apiKey);
  });

  const refused: Array<{ name: string; token: () => Promise<string | null> }> = [
    {
      name: "tampered signature",
      token: async () => {
        const token = await goodToken();
        const [header, payload, signature] = token.split(".");
        const flipped = signature!.startsWith("A") ? `B${signature!.slice(1)}` : `A${signature!.slice(1)}`;
        return `${header}.${payload}.${flipped}`;
      },
    },
    {
      name: "tampered claims (another shop)",
      token: async () => {
        const [header, , signature] = (await goodToken()).split(".");
        const forged = Buffer.from(JSON.stringify({ dest: "https://victim.myshopify.com", aud: stack().apiKey }))
          .toString("base64url");
        return `${header}.${forged}.${signature}`;
      },
    },
    { name: "expired", token: () => goodToken({ nowSeconds: Math.floor(Date.now() / 1000) - 600 }) },
    { name: "wrong audience", token: () => goodToken({ apiKey: "another-app" }) },
    { name: "signed with another secret", token: () => goodToken({ apiSecret: "not-the-app-secret" }) },
    { name: "missing", token: async () => null },
  ];

  for (const { name, token } of refused) {
    test(`${name} token: refused with no page data`, async ({ request }) => {
      const value = await token();
      const response = await request.get(dataUrl(), {
        headers: value ? { Authorization: `Bearer ${value}` } : {},
        maxRedirects: 0,
      });
      const body = await response.text();
      // 401 (bad token, with the retry header), or a redirect to the bounce page that fetches a new one —
      // as a 302, or as Remix single fetch's 202 carrying that redirect.
      if (response.status() === 401) {
        expect(response.headers()["x-shopify-retry-invalid-session-request"]).toBe("1");
      } else {
        expect([302, 202]).toContain(response.status());
        expect(response.headers()["location"] ?? body).toContain("/auth/session-token");
      }
      expect(body).not.toContain(stack().apiKey);
      expect(body).not.toContain("Affable Demo Store");
    });
  }

  test("a document load with a tampered id_token never renders the app", async ({ request }) => {
    const [header, payload] = (await goodToken()).split(".");
    const url = `${stack().tunnel}/app?embedded=1&shop=${SHOP}&host=${HOST_PARAM}&id_token=${header}.${payload}.forged`;
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status()).not.toBe(200);
    expect(await response.text()).not.toContain("Welcome to Affable");
  });
});
