/**
 * The creator portal's payout details, tax details and payout history through the real proxy route modules, the
 * real shopifyApp() (Shopify's signature checked by the library) and a real PostgreSQL. Requests are signed by
 * tests/support/proxy-requests.ts, independently of the library.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { signedProxyForm, signedProxyRequest } from "../../../tests/support/proxy-requests";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { Database } from "../../db.server";
import type { Mailer, OutgoingEmail } from "../../email/mailer.server";
import { openSecret } from "../../security/secret-box.server";
import { startPortalSession } from "./creator-portal-sessions.server";
import { requestPayoutDetailsChange } from "./payout-details-changes.server";
import { tinContext } from "../tax/save-creator-tax-form.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "portal-payouts-secret";
const SHOP = "portal-pay-a.myshopify.com";
const OTHER_SHOP = "portal-pay-b.myshopify.com";
const SSN = "401-23-4567";

type Handler = (args: LoaderFunctionArgs) => Promise<Response> | Response;
let db: Database;
let routes: Record<"details" | "detailsPost" | "confirm" | "confirmPost" | "tax" | "taxPost" | "payouts" | "statement" | "statementPost", Handler>;
const ids: Record<string, string> = {};

async function call(handler: Handler, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    return await handler({ request, params, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const asCustomer = (handler: Handler, path: string, params: Record<string, string> = {}, shop = SHOP) =>
  call(handler, signedProxyRequest({ secret: SECRET, shop, path, loggedInCustomerId: "5001" }), params);
const postAsCustomer = (handler: Handler, path: string, form: Record<string, string>) =>
  call(handler, signedProxyForm({ secret: SECRET, shop: SHOP, path, loggedInCustomerId: "5001", form }));

function readFormToken(html: string): string {
  const token = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no form token on the page");
  return token;
}

async function seedCreator(shop: string, handle: string, customerId: string | null) {
  const creator = await db.creator.create({
    data: { shop, handle, name: `Creator ${handle}`, email: `${handle}@example.com`, status: "approved", refToken: `r_${handle}`, shopifyCustomerId: customerId },
  });
  ids[handle] = creator.id;
  return creator;
}

async function seedCommission(shop: string, creatorId: string, name: string, netMinor: bigint) {
  const orderId = `gid://shopify/Order/${name.replace(/\D/g, "")}`;
  const at = new Date("2026-11-20T15:00:00Z");
  await db.attributedOrder.create({
    data: {
      shop, shopifyOrderId: orderId, shopifyOrderLegacyId: orderId.split("/").pop() ?? "", name, orderCreatedAt: at, currency: "USD", presentmentCurrency: "USD",
      baseMinor: 10_000n, presentmentBaseMinor: 10_000n, customerId: "gid://shopify/Customer/777000", customerEmailHash: "hash-0123456789", test: false,
      attribution: { creatorId, signal: "link" }, creatorId, status: "attributed", sourceWebhookEventId: `event-${name}`, recordedAt: at,
    },
  });
  return db.commission.create({
    data: { shop, shopifyOrderId: orderId, creatorId, status: "paid", currency: "USD", netMinor, paidMinor: netMinor, ruleVersionId: "program-settings:v1", derivation: {}, ledgerState: {}, orderCreatedAt: at, createdAt: at },
  });
}

describe.skipIf(postgresUrl === null)("portal payout details, tax details and payout history (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "portal_payouts_tax");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    const details = await import("../../routes/proxy.portal.payout-details");
    const confirm = await import("../../routes/proxy.portal.payout-details_.confirm");
    const tax = await import("../../routes/proxy.portal.tax");
    const statement = await import("../../routes/proxy.portal.payouts_.$payoutId");
    routes = {
      details: details.loader,
      detailsPost: details.action,
      confirm: confirm.loader,
      confirmPost: confirm.action,
      tax: tax.loader,
      taxPost: tax.action,
      payouts: (await import("../../routes/proxy.portal.payouts")).loader,
      statement: statement.loader,
      statementPost: statement.action,
    };
    for (const shop of [SHOP, OTHER_SHOP]) {
      await db.shop.create({ data: { shop, name: shop === SHOP ? "Alpha Goods" : "Bravo Goods", currencyCode: "USD", ianaTimezone: "America/New_York" } });
    }
    await seedCreator(SHOP, "payee", "gid://shopify/Customer/5001");
    await seedCreator(SHOP, "neighbour", "gid://shopify/Customer/5002");
    await seedCreator(OTHER_SHOP, "elsewhere", "gid://shopify/Customer/5001");
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  describe("payout details", () => {
    it("shows the methods, the store credit caveat and the form token to a signed-in creator", async () => {
      const response = await asCustomer(routes.details, "/proxy/portal/payout-details");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Store credit can be spent only when you sign in to the shop with a customer account.");
      expect(html).toContain('aria-current="page"><span>Payout details</span>');
      expect(html).toContain("You have not chosen how to be paid yet.");
      readFormToken(html);
    });

    it("refuses an invalid IBAN with a field error, keeps every typed value, and saves nothing", async () => {
      const token = readFormToken(await (await asCustomer(routes.details, "/proxy/portal/payout-details")).text());
      const response = await postAsCustomer(routes.detailsPost, "/proxy/portal/payout-details", {
        intent: "save", form_token: token, method: "bank_transfer", iban: "DE89 3704 0044 0532 0130 01", account_holder_name: "Payee Person", bic: "COBADEFFXXX",
      });
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain("This IBAN is not valid");
      expect(html).toContain('aria-invalid="true" aria-describedby="affable-iban-hint affable-iban-error"');
      expect(html).toContain('value="Payee Person"');
      expect(html).toContain('value="COBADEFFXXX"');
      expect(html).toContain('value="DE89 3704 0044 0532 0130 01"');
      expect(await db.payoutDetailsChange.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(0);
    });

    it("refuses an invalid PayPal email with a field error and saves nothing", async () => {
      const token = readFormToken(await (await asCustomer(routes.details, "/proxy/portal/payout-details")).text());
      const response = await postAsCustomer(routes.detailsPost, "/proxy/portal/payout-details", { intent: "save", form_token: token, method: "paypal", paypal_email: "payee-at-example" });
      expect(response.status).toBe(422);
      expect(await response.text()).toContain("Enter the email address of your PayPal account");
      expect(await db.payoutDetailsChange.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(0);
    });

    it.each([
      { label: "no form token", token: "" },
      { label: "another creator's form token", token: "neighbour" },
      { label: "a forged token", token: `${Math.floor(Date.now() / 3_600_000)}.${"a".repeat(64)}` },
    ])("refuses a submission with $label (403) and saves nothing", async ({ token }) => {
      let formToken = token;
      if (token === "neighbour") {
        const page = await call(routes.details, signedProxyRequest({ secret: SECRET, shop: SHOP, path: "/proxy/portal/payout-details", loggedInCustomerId: "5002" }));
        formToken = readFormToken(await page.text());
      }
      const response = await postAsCustomer(routes.detailsPost, "/proxy/portal/payout-details", { intent: "save", form_token: formToken, method: "paypal", paypal_email: "attacker@example.com" });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("Nothing was saved");
      expect(await db.payoutDetailsChange.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(0);
    });

    it("an email sign-in session saves a change that waits for the emailed confirmation", async () => {
      const { sessionId } = await startPortalSession({ db, secret: SECRET, now: new Date() }, { shop: SHOP, creatorId: ids.payee ?? "" });
      const page = await call(routes.detailsPost, signedProxyForm({ secret: SECRET, shop: SHOP, path: "/proxy/portal/payout-details", form: { portal_session: sessionId } }));
      expect(page.status).toBe(200);
      const token = readFormToken(await page.text());
      const response = await call(
        routes.detailsPost,
        signedProxyForm({ secret: SECRET, shop: SHOP, path: "/proxy/portal/payout-details", form: { portal_session: sessionId, intent: "save", form_token: token, method: "paypal", paypal_email: "Payee.PP@example.com" } }),
      );
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("payee@example.com");
      expect(html).toContain("Waiting for your confirmation:</strong> PayPal to payee.pp@example.com");
      expect(await db.payoutDetailsChange.count({ where: { shop: SHOP, creatorId: ids.payee, requestedVia: "session" } })).toBe(1);
      expect(await db.creatorPayoutProfile.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(0);
      // No SMTP in tests: the email is recorded as not sent, and the page says so.
      expect(await db.sentEmail.count({ where: { shop: SHOP, to: "payee@example.com", template: "creator_payout_details_confirm" } })).toBe(1);
    });

    it("a creator saving again and again is slowed down (each save emails them): 429 with the wait, nothing stored", async () => {
      const token = readFormToken(await (await asCustomer(routes.details, "/proxy/portal/payout-details")).text());
      const save = () => postAsCustomer(routes.detailsPost, "/proxy/portal/payout-details", { intent: "save", form_token: token, method: "gift_card" });
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) statuses.push((await save()).status);
      // The session test above saved once: 5 at once, then one per 10 minutes.
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
      const limited = await save();
      expect(limited.status).toBe(429);
      expect(limited.headers.get("Retry-After")).toMatch(/^\d+$/);
      expect(await limited.text()).toContain("Wait 10 minutes, then save again.");
      expect(await db.payoutDetailsChange.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(5);
    });

    it("the emailed link: GET only shows a button; POST applies the change once", async () => {
      const sent: OutgoingEmail[] = [];
      const mailer: Mailer = { send: async (email) => (sent.push(email), { messageId: "m" }) };
      const creator = { id: ids.neighbour ?? "", name: "Creator neighbour", email: "neighbour@example.com" };
      await requestPayoutDetailsChange(
        { db, mailer, now: new Date() },
        { shop: SHOP, shopName: "Alpha Goods", creator, details: { method: "store_credit" }, requestedVia: "customer", portalBaseUrl: "https://alpha.example/apps/affable" },
      );
      const token = /token=([A-Za-z0-9_-]+)/.exec(sent[0]?.text ?? "")?.[1] ?? "";
      const shown = await call(routes.confirm, signedProxyRequest({ secret: SECRET, shop: SHOP, path: "/proxy/portal/payout-details/confirm", query: { token } }));
      expect(shown.status).toBe(200);
      expect(await shown.text()).toContain("Confirm my new payout details");
      expect(await db.creatorPayoutProfile.count({ where: { shop: SHOP, creatorId: creator.id } })).toBe(0);

      const confirmPost = () => call(routes.confirmPost, signedProxyForm({ secret: SECRET, shop: SHOP, path: "/proxy/portal/payout-details/confirm", form: { token } }));
      const applied = await confirmPost();
      expect(applied.status).toBe(200);
      expect(await applied.text()).toContain("Confirmed: you are paid by Store credit in this shop.");
      expect(await db.creatorPayoutProfile.findFirst({ where: { shop: SHOP, creatorId: creator.id } })).toMatchObject({ method: "store_credit", reviewRequired: false });
      const again = await confirmPost();
      expect(again.status).toBe(409);
      expect(await again.text()).toContain("already confirmed");
      // Another shop's proxy does not know the link.
      const elsewhere = await call(routes.confirmPost, signedProxyForm({ secret: SECRET, shop: OTHER_SHOP, path: "/proxy/portal/payout-details/confirm", form: { token } }));
      expect(elsewhere.status).toBe(400);
    });
  });

  describe("tax details", () => {
    const w9 = (token: string, overrides: Record<string, string> = {}) => ({
      intent: "w9", form_token: token, legal_name: "Payee Person", business_name: "", tax_classification: "individual", address_line1: "1 Main St", city: "New York",
      region: "NY", postal_code: "10001", tin_type: "ssn", tin: SSN, certify: "yes", signature_name: "Payee Person", ...overrides,
    });

    it("a signed W-9 stores the TIN sealed, shows only its last 4, and never logs it", async () => {
      const output: string[] = [];
      const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
        vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void output.push(args.map(String).join(" "))),
      );
      try {
        const page = await asCustomer(routes.tax, "/proxy/portal/tax");
        const html = await page.text();
        expect(html).toContain("Under penalties of perjury, I certify that:");
        expect(html).toContain("Form W-8BEN (not a US person)");
        const response = await postAsCustomer(routes.taxPost, "/proxy/portal/tax", w9(readFormToken(html)));
        expect(response.status).toBe(200);
        const body = await response.text();
        expect(body).toContain("your W-9 is signed and stored");
        expect(body).toContain("SSN •••• 4567");
        expect(body).not.toContain("401-23-4567");
        expect(body).not.toContain("401234567");
      } finally {
        for (const spy of spies) spy.mockRestore();
      }
      expect(output.join("\n")).not.toMatch(/401-?23-?4567/);
      const form = await db.creatorTaxForm.findFirstOrThrow({ where: { shop: SHOP, creatorId: ids.payee, supersededAt: null } });
      expect(form).toMatchObject({ kind: "w9", tinType: "ssn", tinLast4: "4567", signatureName: "Payee Person", country: "US" });
      expect(JSON.stringify(form)).not.toMatch(/401-?23-?4567/);
      expect(openSecret(form.tinSealed ?? "", tinContext(SHOP, ids.payee ?? ""))).toBe("401234567");
      const audit = await db.auditEvent.findMany({ where: { shop: SHOP, subjectId: ids.payee } });
      expect(JSON.stringify(audit)).not.toMatch(/401-?23-?4567/);
    });

    it("refuses an impossible SSN with a field error, does not echo the number, and stores nothing", async () => {
      const before = await db.creatorTaxForm.count({ where: { shop: SHOP, creatorId: ids.payee } });
      const token = readFormToken(await (await asCustomer(routes.tax, "/proxy/portal/tax")).text());
      const response = await postAsCustomer(routes.taxPost, "/proxy/portal/tax", w9(token, { tin: "666-12-3456", certify: "" }));
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).toContain("Enter a valid Social Security number");
      expect(html).toContain("Tick the box to certify");
      expect(html).not.toContain("666-12-3456");
      expect(html).toContain('value="Payee Person"');
      expect(await db.creatorTaxForm.count({ where: { shop: SHOP, creatorId: ids.payee } })).toBe(before);
    });

    it("a W-8BEN supersedes the W-9 (kept for the record)", async () => {
      const token = readFormToken(await (await asCustomer(routes.tax, "/proxy/portal/tax")).text());
      const response = await postAsCustomer(routes.taxPost, "/proxy/portal/tax", {
        intent: "w8ben", form_token: token, legal_name: "Payee Person", citizenship: "DE", address_line1: "Unter den Linden 1", city: "Berlin", postal_code: "10117",
        address_country: "DE", foreign_tin: "12 345 678 901", foreign_tin_reason: "", date_of_birth: "1990-04-23", certify: "yes", signature_name: "Payee Person",
      });
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Foreign TIN •••• 8901");
      const forms = await db.creatorTaxForm.findMany({ where: { shop: SHOP, creatorId: ids.payee }, orderBy: { createdAt: "asc" } });
      expect(forms.map((form) => [form.kind, form.supersededAt === null])).toEqual([["w9", false], ["w8ben", true]]);
      expect(forms[1]).toMatchObject({ country: "DE", tinLast4: "8901", dateOfBirth: "1990-04-23" });
    });
  });

  describe("payout history and statements", () => {
    beforeAll(async () => {
      const payee = ids.payee ?? "";
      const paidOrder = await seedCommission(SHOP, payee, "#4101", 2_500n);
      const clawed = await seedCommission(SHOP, payee, "#4102", -400n);
      const run = await db.payoutRun.create({ data: { shop: SHOP, status: "partly_failed", currency: "USD", totalMinor: 3_100n, itemCount: 1, trigger: "manual", plannedAt: new Date(), plannedBy: "staff:1" } });
      const paidItem = await db.payoutRunItem.create({
        data: { shop: SHOP, runId: run.id, creatorId: payee, status: "succeeded", method: "paypal", currency: "USD", amountMinor: 2_100n, clawbackMinor: 400n, senderItemId: "AFF-item-1", providerItemId: "PPITEM-123", finishedAt: new Date("2026-12-01T12:00:00Z") },
      });
      const paid = await db.payout.create({
        data: { shop: SHOP, creatorId: payee, currency: "USD", amountMinor: 2_100n, commissionCount: 2, method: "paypal", createdBy: "staff:1", requestKey: "run-1/payee", createdAt: new Date("2026-12-01T03:30:00Z"), runItemId: paidItem.id },
      });
      ids.paidPayout = paid.id;
      for (const [commission, amountMinor] of [[paidOrder, 2_500n], [clawed, -400n]] as const) {
        await db.ledgerEntry.create({
          data: { shop: SHOP, commissionId: commission.id, kind: "payout", amountMinor, currency: "USD", sourceKey: `payout:${paid.id}`, payoutId: paid.id, actor: "staff:1", statusAfter: "paid", note: "paid", createdAt: new Date() },
        });
      }
      const run2 = await db.payoutRun.create({ data: { shop: SHOP, status: "partly_failed", currency: "USD", totalMinor: 900n, itemCount: 1, trigger: "manual", plannedAt: new Date(), plannedBy: "staff:1" } });
      const failedItem = await db.payoutRunItem.create({
        data: { shop: SHOP, runId: run2.id, creatorId: payee, status: "failed", method: "paypal", currency: "USD", amountMinor: 900n, senderItemId: "AFF-item-2", failureReason: "PayPal: the receiver's account is locked (RECEIVER_ACCOUNT_LOCKED)" },
      });
      await db.payout.create({
        data: { shop: SHOP, creatorId: payee, currency: "USD", amountMinor: 900n, commissionCount: 1, method: "paypal", createdBy: "staff:1", requestKey: "run-2/payee", createdAt: new Date(), runItemId: failedItem.id, voidedAt: new Date(), voidedBy: "system:paypal", voidReason: "RECEIVER_ACCOUNT_LOCKED" },
      });
      const run3 = await db.payoutRun.create({ data: { shop: SHOP, status: "submitted", currency: "USD", totalMinor: 300n, itemCount: 1, trigger: "manual", plannedAt: new Date(), plannedBy: "staff:1" } });
      const pendingItem = await db.payoutRunItem.create({ data: { shop: SHOP, runId: run3.id, creatorId: payee, status: "submitted", method: "store_credit", currency: "USD", amountMinor: 300n, senderItemId: "AFF-item-3" } });
      await db.payout.create({ data: { shop: SHOP, creatorId: payee, currency: "USD", amountMinor: 300n, commissionCount: 1, method: "store_credit", createdBy: "staff:1", requestKey: "run-3/payee", createdAt: new Date(), runItemId: pendingItem.id } });
      const neighbours = await db.payout.create({
        data: { shop: SHOP, creatorId: ids.neighbour ?? "", currency: "USD", amountMinor: 5_000n, commissionCount: 1, method: "other", reference: "NEIGHBOUR-REF", createdBy: "staff:1", requestKey: "neighbour-1", createdAt: new Date() },
      });
      ids.neighbourPayout = neighbours.id;
    });

    it("lists each payout with its status, method and failure reason, and only the creator's own", async () => {
      const html = await (await asCustomer(routes.payouts, "/proxy/portal/payouts")).text();
      expect(html).toContain("Paid");
      expect(html).toContain("Failed: PayPal: the receiver&#39;s account is locked (RECEIVER_ACCOUNT_LOCKED)");
      expect(html).toContain("Processing");
      expect(html).toContain("Store credit");
      expect(html).toContain("$21.00");
      expect(html).toContain("Nov 30, 2026"); // 03:30 UTC on Dec 1 is still Nov 30 in New York
      expect(html).toContain(`/apps/affable/portal/payouts/${ids.paidPayout}`);
      expect(html).not.toContain("NEIGHBOUR-REF");
      expect(html).not.toContain("$50.00");
    });

    it("a statement lists the commissions by order, the clawbacks deducted, the method and the provider id", async () => {
      const response = await asCustomer(routes.statement, `/proxy/portal/payouts/${ids.paidPayout}`, { payoutId: ids.paidPayout ?? "" });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("#4101");
      expect(html).toContain("$25.00");
      expect(html).toContain("Clawbacks deducted");
      expect(html).toContain("#4102");
      expect(html).toContain("$4.00");
      expect(html).toContain("$21.00");
      expect(html).toContain("PPITEM-123");
      expect(html).toContain("PayPal");
    });

    it("another creator's payout, another shop's and an unknown id are not found (404)", async () => {
      for (const [payoutId, shop] of [[ids.neighbourPayout, SHOP], [ids.paidPayout, OTHER_SHOP], ["no-such-payout", SHOP]] as const) {
        const response = await asCustomer(routes.statement, `/proxy/portal/payouts/${payoutId}`, { payoutId: payoutId ?? "" }, shop);
        expect(response.status).toBe(404);
        const html = await response.text();
        expect(html).toContain("Payout not found");
        expect(html).not.toContain("NEIGHBOUR-REF");
        expect(html).not.toContain("#4101");
      }
    });
  });
});
