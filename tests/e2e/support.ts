/** What every browser test needs: the stack's URLs, the app's frame in the local admin, the test database. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, type Frame, type FrameLocator, type Locator, type Page } from "@playwright/test";
import pg from "pg";

export const SHOP = "affable-demo.myshopify.com";

export function stackValue(name: string): string {
  const found = process.env[name];
  if (!found) throw new Error(`${name} is not set: run through playwright.config.ts's global setup`);
  return found;
}

export function appFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe");
}

/** Opens the app in the local admin and waits for the dashboard. */
export async function openApp(page: Page) {
  await page.goto(stackValue("E2E_APP_SHELL_URL"));
  await expect(appFrame(page).getByText("Welcome to Affable, Affable Demo Store")).toBeVisible();
}

/** Runs SQL against the app's test database (to leave the shop as the next spec expects). */
export async function withTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stackValue("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Removes the creators a spec made (codes, links and applications cascade), their imports, audit and mail. */
export async function removeCreators() {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Creator" WHERE shop = $1`, [SHOP]);
    await client.query(`DELETE FROM "CreatorImport" WHERE shop = $1`, [SHOP]);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND "subjectType" = 'creator'`, [SHOP]);
    await client.query(`DELETE FROM "SentEmail" WHERE shop = $1 AND template LIKE 'creator_%'`, [SHOP]);
  });
}

export interface LocalShopifyDiscount {
  code: string;
  title: string;
  status: string;
  value: { kind: "percentage"; percentage: number } | { kind: "amount"; amount: string; appliesOnEachItem: boolean };
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

/** The code as the local Shopify holds it (its loopback-only control API), or undefined. */
export async function findLocalShopifyDiscount(code: string): Promise<LocalShopifyDiscount | undefined> {
  const response = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/discounts?code=${encodeURIComponent(code)}`);
  const body = (await response.json()) as { discounts: LocalShopifyDiscount[] };
  return body.discounts[0];
}

/** Mail the local Shopify's SMTP catcher received, newest first. */
export async function listLocalShopifyMail(): Promise<Array<{ to: string[]; subject: string }>> {
  const response = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`);
  return ((await response.json()) as { messages: Array<{ to: string[]; subject: string }> }).messages;
}

/** Gives the shop a program at 10% in USD unless it has one; true when this call created it (so remove it after). */
export async function ensureProgramSettings(): Promise<boolean> {
  return withTestDatabase(async (client) => {
    const inserted = await client.query(
      `INSERT INTO "ProgramSettings" (shop, currency, "defaultCommissionBasisPoints", "updatedAt") VALUES ($1, 'USD', 1000, now()) ON CONFLICT (shop) DO NOTHING`,
      [SHOP],
    );
    return inserted.rowCount === 1;
  });
}

/** An approved creator with a 15% code, written straight into the app's database for specs about money pages. */
export async function insertApprovedCreatorWithCode(creator: {
  id: string; handle: string; name: string; email: string; payoutEmail?: string; refToken: string; codeId: string; code: string;
}): Promise<void> {
  await withTestDatabase(async (client) => {
    await client.query(
      `INSERT INTO "Creator" (id, shop, handle, name, email, "payoutEmail", "refToken", status, "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, 'approved', now())`,
      [creator.id, SHOP, creator.handle, creator.name, creator.email, creator.payoutEmail ?? null, creator.refToken],
    );
    await client.query(
      `INSERT INTO "DiscountCode" (id, shop, "creatorId", code, "codeNormalized", "shopifyDiscountId", "valueType", "valueBasisPoints", currency, "startsAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'percentage', 1500, 'USD', now() - interval '1 day', now())`,
      [creator.codeId, SHOP, creator.id, creator.code, creator.code.toUpperCase(), `gid://shopify/DiscountCodeNode/${creator.codeId}`],
    );
  });
}

/** The app's own frame inside the local admin (the document the merchant's page is), once it has loaded. */
export async function findAppFrame(page: Page): Promise<Frame> {
  const tunnel = stackValue("E2E_TUNNEL_ORIGIN");
  await expect.poll(() => page.frames().some((candidate) => candidate.url().startsWith(tunnel))).toBe(true);
  return page.frames().find((candidate) => candidate.url().startsWith(tunnel))!;
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) in `target` — a portal page, or the app's frame in the
 * local admin, so the admin shell around it is not what gets judged — and fails on any serious or critical
 * violation, listing each rule with the elements it found.
 */
export async function expectNoSeriousA11yViolations(target: Page | Frame, label: string) {
  const frame = "mainFrame" in target ? target.mainFrame() : target;
  // Let client-only parts (charts) render before judging the page.
  await frame.waitForLoadState("networkidle").catch(() => undefined);
  await frame.evaluate(AXE_SOURCE);
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => ({ target: node.target, failureSummary: node.failureSummary })),
    }));
  });
  const serious = violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical");
  const summary = serious.map((violation) => `${violation.impact} ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    ${JSON.stringify(node.target)}`).join("\n")}`);
  expect(summary, `axe-core on ${label}`).toEqual([]);
}

/**
 * Fails unless `locator` is visible and wholly inside every box that could cut it off: no scrolling or clipping
 * ancestor (a table's scroll container) and not past the page's right edge. A column pushed off to the side, which
 * a merchant only finds by scrolling a table sideways, fails.
 */
export async function expectNotClipped(locator: Locator, what: string) {
  await expect(locator, what).toBeVisible();
  const clipped = await locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== "visible") return "its own text is cut off";
    for (let node = element.parentElement; node; node = node.parentElement) {
      if (!/(auto|scroll|hidden|clip)/.test(getComputedStyle(node).overflowX)) continue;
      const outer = node.getBoundingClientRect();
      if (box.left < outer.left - 1 || box.right > outer.right + 1) {
        return `it ends at x=${Math.round(box.right)}, outside its scrolling box (${Math.round(outer.left)}–${Math.round(outer.right)}, class "${String(node.className).slice(0, 80)}")`;
      }
    }
    return box.right > document.documentElement.clientWidth + 1 ? `it ends at x=${Math.round(box.right)}, past the page's edge` : null;
  });
  expect(clipped, `${what} is cut off`).toBeNull();
}
