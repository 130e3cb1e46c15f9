/**
 * The bank-file providers and the merchant's "mark paid / mark failed", on a real PostgreSQL database. Runs and
 * items are written as the planner and the payout job leave them (approved, then `submitting` while the provider is
 * asked); commissions and payouts are made the real way. The payout job's applyItemReport (h2) is not in this branch,
 * so the reports are applied by `applyReportLikeTheJob` below: the item transition table under an optimistic lock,
 * and a failed item's Payout voided with the reason (void-payout.server.ts), as the contract in AREAS.md says.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { assertItemTransition } from "../../../domain/payouts/payout-run-transitions";
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import { sealSecret } from "../../../security/secret-box.server";
import { createMigratedDatabase } from "../../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, readLedgerRows, seedFixtureOrderShop } from "../../../../tests/support/record-fixture-order";
import { validatePain001 } from "../../../../tests/support/validate-pain001";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { changeCommissionStatuses } from "../../orders-commissions/change-commission-status.server";
import { createPayout } from "../create-payout.server";
import { listCreatorsOwed } from "../list-creators-owed.server";
import { ProviderSetupError, type ProviderContext, type ProviderItem, type ProviderItemReport } from "../providers/payout-provider";
import { voidPayout } from "../void-payout.server";
import { csvFilePayoutProvider, sepaFilePayoutProvider, wiseFilePayoutProvider } from "./bank-file-providers.server";
import { markBankFileItems } from "./mark-bank-file-items.server";
import { downloadBankFile, listRunBankFiles } from "./run-bank-files.server";
import { saveSepaDebtor } from "./save-sepa-debtor.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "bank-files.myshopify.com";
const OTHER_SHOP = "bank-files-other.myshopify.com";
const NOW = new Date("2026-12-07T21:30:00.000Z");
const STAFF = "staff:4242";
const ZOE_IBAN = "DE89370400440532013000";

let db: Database;
let amelia: { id: string };
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_500_000_000_001 });

async function createCreator(shop: string, name: string, profile: { iban?: string; paypalEmail?: string; accountHolderName?: string } = {}) {
  const creator = await db.creator.create({ data: { shop, handle: name.toLowerCase().replace(/\W+/g, "-"), name, email: `${name.toLowerCase().replace(/\W+/g, ".")}@example.com`, refToken: `r_${name}_${shop}`, status: "approved" } });
  if (profile.iban || profile.paypalEmail) {
    await db.creatorPayoutProfile.create({
      data: {
        shop, creatorId: creator.id, method: null, paypalEmail: profile.paypalEmail ?? null, accountHolderName: profile.accountHolderName ?? null,
        ibanSealed: profile.iban ? sealSecret(profile.iban, `iban:${shop}:${creator.id}`) : null, ibanLast4: profile.iban ? profile.iban.slice(-4) : null,
      },
    });
  }
  return creator;
}

/** A run as approval and the job's "submitting" step leave it: one item per creator. */
async function createSubmittingRun(method: PayoutRunMethod, currency: string, lines: { creatorId: string; amountMinor: bigint; payoutId?: string }[]) {
  const run = await db.payoutRun.create({
    data: { shop: SHOP, status: "submitting", currency, totalMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0n), itemCount: lines.length, trigger: "manual", plannedAt: NOW, plannedBy: STAFF, approvedAt: NOW, approvedBy: STAFF },
  });
  const items: ProviderItem[] = [];
  for (const line of lines) {
    const item = await db.payoutRunItem.create({
      data: { shop: SHOP, runId: run.id, creatorId: line.creatorId, status: "submitting", method, currency, amountMinor: line.amountMinor, senderItemId: "pending", payoutId: line.payoutId ?? null, submittingAt: NOW },
    });
    const senderItemId = `AFF-${item.id}`;
    await db.payoutRunItem.update({ where: { id: item.id }, data: { senderItemId } });
    items.push({ itemId: item.id, creatorId: line.creatorId, senderItemId, senderBatchId: null, amountMinor: line.amountMinor, currency, note: "Creator commissions, December", providerItemId: null });
  }
  const context: ProviderContext = { db, shop: SHOP, runId: run.id, now: NOW };
  return { run, items, context };
}

/** What the payout job's applyItemReport does with a report (see the header). */
async function applyReportLikeTheJob(database: Database, shop: string, report: ProviderItemReport, now: Date, actor: string): Promise<void> {
  if (report.outcome === "unknown" || report.outcome === "needs_review") throw new Error(`unexpected ${report.outcome}`);
  const item = await database.payoutRunItem.findFirstOrThrow({ where: { shop, id: report.itemId } });
  const to = report.outcome;
  assertItemTransition(item.status, to);
  const changed = await database.payoutRunItem.updateMany({
    where: { shop, id: item.id, status: item.status, version: item.version },
    data: {
      status: to, version: { increment: 1 }, providerStatus: report.providerStatus, providerItemId: report.providerItemId, providerBatchId: report.providerBatchId ?? null,
      failureReason: report.outcome === "failed" ? report.reason : null, finishedAt: to === "submitted" ? null : now,
    },
  });
  if (changed.count !== 1) throw new Error("the item changed meanwhile");
  if (report.outcome === "failed" && item.payoutId) {
    const voided = await voidPayout({ db: database, shop, actor, payoutId: item.payoutId, reason: report.reason, now });
    if (!voided.ok) throw new Error(voided.message);
  }
}

async function applyAll(reports: ProviderItemReport[]) {
  for (const report of reports) await applyReportLikeTheJob(db, SHOP, report, NOW, "system:test-job");
}

describe.skipIf(postgresUrl === null)("bank file providers and marking items (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "bank_files");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    amelia = await seedFixtureOrderShop(db, SHOP, "Europe/Berlin");
    await seedFixtureOrderShop(db, OTHER_SHOP);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("Settings › Bank: an invalid IBAN is a field error and nothing is saved; a valid one is sealed and shown as its last 4", async () => {
    const refused = await saveSepaDebtor({ db, shop: SHOP, actor: STAFF, form: { name: "Amelia Shop GmbH", iban: "NL91 ABNA 0417 1643 01", bic: "" } });
    expect(refused).toMatchObject({ ok: false, fieldErrors: { iban: expect.stringMatching(/check digits do not match/) as unknown } });
    expect(await db.payoutSettings.findUnique({ where: { shop: SHOP } })).toBeNull();
    expect(await saveSepaDebtor({ db, shop: SHOP, actor: STAFF, form: { name: "", iban: "BR1800360305000010009795493C1", bic: "NOPE" } })).toMatchObject({
      ok: false, fieldErrors: { name: expect.stringMatching(/account holder name/) as unknown, iban: expect.stringMatching(/outside SEPA/) as unknown, bic: expect.stringMatching(/BIC is not valid/) as unknown },
    });

    const saved = await saveSepaDebtor({ db, shop: SHOP, actor: STAFF, form: { name: "Amelia Shop GmbH", iban: "nl91 abna 0417 1643 00", bic: "" } });
    expect(saved).toEqual({ ok: true, debtor: { name: "Amelia Shop GmbH", ibanLast4: "•••• 4300", bic: "" } });
    const row = await db.payoutSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row.sepaDebtorIbanSealed).not.toContain("NL91");
    // Saving again without an IBAN keeps the sealed one.
    expect(await saveSepaDebtor({ db, shop: SHOP, actor: STAFF, form: { name: "Amelia Shop GmbH", iban: "", bic: "abnanl2a" } })).toMatchObject({ ok: true, debtor: { ibanLast4: "•••• 4300", bic: "ABNANL2A" } });
    expect((await db.payoutSettings.findUniqueOrThrow({ where: { shop: SHOP } })).sepaDebtorIbanSealed).toBe(row.sepaDebtorIbanSealed);
    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, action: "payout_settings.sepa_debtor_saved" } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain("NL91ABNA");
  });

  it("SEPA: submit makes one valid pain.001 file, items submitted; no IBAN / outside SEPA fail with the reason; the file is the same every time", async () => {
    const zoe = await createCreator(SHOP, "Zoë Müller", { iban: ZOE_IBAN, accountHolderName: "Zoë Müller & Co" });
    const bo = await createCreator(SHOP, "Bo", { paypalEmail: "bo@example.com" });
    const carl = await createCreator(SHOP, "Carl", { iban: "BR1800360305000010009795493C1" });
    const { run, items, context } = await createSubmittingRun("sepa_file", "EUR", [
      { creatorId: zoe.id, amountMinor: 12345n },
      { creatorId: bo.id, amountMinor: 500n },
      { creatorId: carl.id, amountMinor: 700n },
    ]);
    const [zoeItem, boItem, carlItem] = items;
    if (!zoeItem || !boItem || !carlItem) throw new Error("items");
    const messageId = `AFF-${run.id}-S1`;

    const reports = await sepaFilePayoutProvider.submit(context, items);
    expect(reports).toEqual([
      { itemId: zoeItem.itemId, outcome: "submitted", providerItemId: zoeItem.senderItemId, providerStatus: "in_file", providerBatchId: messageId },
      { itemId: boItem.itemId, outcome: "failed", providerItemId: null, providerStatus: "not_in_file", reason: expect.stringMatching(/No IBAN on file/) as unknown },
      { itemId: carlItem.itemId, outcome: "failed", providerItemId: null, providerStatus: "not_in_file", reason: expect.stringMatching(/outside SEPA/) as unknown },
    ]);
    await applyAll(reports);

    const files = await db.payoutBankFile.findMany({ where: { shop: SHOP, runId: run.id } });
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ method: "sepa_file", sequence: 1, messageId, itemIds: [zoeItem.itemId], itemCount: 1, totalMinor: 12345n, currency: "EUR" });
    expect(files[0]?.contentSealed).not.toContain(ZOE_IBAN);

    const first = await downloadBankFile(db, SHOP, run.id, files[0]?.id ?? "", STAFF, NOW);
    if (first === null) throw new Error("no file");
    expect(first.fileName).toBe(`affable-sepa-${run.id}-1.xml`);
    expect(await validatePain001(first.content)).toEqual([]);
    expect(first.content).toContain(`<MsgId>${messageId}</MsgId>`);
    expect(first.content).toContain(`<EndToEndId>${zoeItem.senderItemId}</EndToEndId>`);
    expect(first.content).toContain('<InstdAmt Ccy="EUR">123.45</InstdAmt>');
    expect(first.content).toContain("<Nm>Zoe Muller + Co</Nm>");
    expect(first.content).toContain(`<IBAN>${ZOE_IBAN}</IBAN>`);
    expect(first.content).toContain("<IBAN>NL91ABNA0417164300</IBAN>");
    expect(first.content).toContain("<BICFI>ABNANL2A</BICFI>");
    // The shop's date in Berlin (22:30 on 7 December).
    expect(first.content).toContain("<Dt>2026-12-07</Dt>");

    // Downloaded again, and handed over again (a retry after a crash): the same bytes, no second file.
    const again = await downloadBankFile(db, SHOP, run.id, files[0]?.id ?? "", STAFF, new Date(NOW.getTime() + 3_600_000));
    expect(again?.content).toBe(first.content);
    expect(await sepaFilePayoutProvider.submit(context, [zoeItem])).toEqual([reports[0]]);
    expect(await db.payoutBankFile.count({ where: { shop: SHOP, runId: run.id } })).toBe(1);
    expect(await db.payoutBankFile.findUniqueOrThrow({ where: { id: files[0]?.id } })).toMatchObject({ downloadCount: 2, lastDownloadedBy: STAFF });

    // lookUp answers from what is stored: in the file → submitted; never in a file → unknown (safe to hand over).
    expect(await sepaFilePayoutProvider.lookUp(context, [zoeItem, boItem])).toEqual([
      { itemId: zoeItem.itemId, outcome: "submitted", providerItemId: zoeItem.senderItemId, providerStatus: "in_file", providerBatchId: messageId },
      { itemId: boItem.itemId, outcome: "unknown" },
    ]);

    // Another shop cannot download or list it.
    expect(await downloadBankFile(db, OTHER_SHOP, run.id, files[0]?.id ?? "", STAFF, NOW)).toBeNull();
    expect(await listRunBankFiles(db, OTHER_SHOP, run.id)).toBeNull();
    const listed = await listRunBankFiles(db, SHOP, run.id);
    expect(listed?.files.map((file) => file.items.map((item) => [item.creatorName, item.amountMinor, item.ibanLast4, item.status]))).toEqual([[["Zoë Müller", 12345n, "3000", "submitted"]]]);
  });

  it("SEPA without the merchant's account set up: the run waits with a setup error, nothing is stored", async () => {
    const shop = OTHER_SHOP;
    const dora = await createCreator(shop, "Dora", { iban: ZOE_IBAN });
    const run = await db.payoutRun.create({ data: { shop, status: "submitting", currency: "EUR", totalMinor: 100n, itemCount: 1, trigger: "manual", plannedAt: NOW, plannedBy: STAFF } });
    const item = await db.payoutRunItem.create({ data: { shop, runId: run.id, creatorId: dora.id, status: "submitting", method: "sepa_file", currency: "EUR", amountMinor: 100n, senderItemId: `AFF-dora-${run.id}` } });
    const submit = sepaFilePayoutProvider.submit({ db, shop, runId: run.id, now: NOW }, [
      { itemId: item.id, creatorId: dora.id, senderItemId: item.senderItemId, senderBatchId: null, amountMinor: 100n, currency: "EUR", note: "", providerItemId: null },
    ]);
    await expect(submit).rejects.toThrow(ProviderSetupError);
    await expect(submit).rejects.toThrow(/Settings › Bank/);
    expect(await db.payoutBankFile.count({ where: { shop } })).toBe(0);
  });

  it("Wise: at most 1,000 transfers per file, so 1,001 creators get two files with Wise's header", async () => {
    const creators = Array.from({ length: 1001 }, (_, index) => ({ shop: SHOP, handle: `wise-${index}`, name: `Wise Creator ${index}`, email: `wise${index}@example.com`, refToken: `r_wise_${index}`, status: "approved" as const }));
    await db.creator.createMany({ data: creators });
    const rows = await db.creator.findMany({ where: { shop: SHOP, handle: { startsWith: "wise-" } }, orderBy: { handle: "asc" } });
    await db.creatorPayoutProfile.createMany({ data: rows.map((creator) => ({ shop: SHOP, creatorId: creator.id, ibanSealed: sealSecret(ZOE_IBAN, `iban:${SHOP}:${creator.id}`), ibanLast4: "3000" })) });
    const run = await db.payoutRun.create({ data: { shop: SHOP, status: "submitting", currency: "EUR", totalMinor: 1001n * 250n, itemCount: 1001, trigger: "manual", plannedAt: NOW, plannedBy: STAFF } });
    await db.payoutRunItem.createMany({ data: rows.map((creator) => ({ shop: SHOP, runId: run.id, creatorId: creator.id, status: "submitting" as const, method: "wise_file" as const, currency: "EUR", amountMinor: 250n, senderItemId: `AFF-w-${creator.id}` })) });
    const items = (await db.payoutRunItem.findMany({ where: { shop: SHOP, runId: run.id }, orderBy: { id: "asc" } })).map((item) => ({
      itemId: item.id, creatorId: item.creatorId, senderItemId: item.senderItemId, senderBatchId: null, amountMinor: item.amountMinor, currency: item.currency, note: "", providerItemId: null,
    }));
    const reports = await wiseFilePayoutProvider.submit({ db, shop: SHOP, runId: run.id, now: NOW }, items);
    expect(reports.filter((report) => report.outcome === "submitted")).toHaveLength(1001);
    const files = await db.payoutBankFile.findMany({ where: { shop: SHOP, runId: run.id }, orderBy: { sequence: "asc" } });
    expect(files.map((file) => [file.messageId, file.itemCount, file.totalMinor])).toEqual([[`AFF-${run.id}-W1`, 1000, 250_000n], [`AFF-${run.id}-W2`, 1, 250n]]);
    const second = await downloadBankFile(db, SHOP, run.id, files[1]?.id ?? "", STAFF, NOW);
    expect(parse(second?.content ?? "", { columns: true })).toEqual([
      { name: expect.stringMatching(/^Wise Creator/) as unknown, recipientEmail: expect.stringMatching(/@example.com$/) as unknown, paymentReference: items[1000]?.senderItemId, receiverType: "PERSON", amountCurrency: "target", amount: "2.50", sourceCurrency: "EUR", targetCurrency: "EUR", IBAN: ZOE_IBAN },
    ]);
  });

  it("plain CSV in USD with real payouts: mark failed voids the payout (ledger event, owed again), mark paid succeeds, both audited", async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [one.id, two.id], now: NOW });
    await db.creatorPayoutProfile.create({ data: { shop: SHOP, creatorId: amelia.id, paypalEmail: "amelia.paypal@example.com" } });
    const recorded = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "other", requestKey: "bank-files-run", now: NOW });
    if (!recorded.ok || recorded.outcomes[0]?.outcome !== "created") throw new Error("expected a payout");
    const payout = recorded.outcomes[0].payout;
    const ivy = await createCreator(SHOP, "=Ivy", { iban: ZOE_IBAN, accountHolderName: "Ivy Ng" });
    const { run, items, context } = await createSubmittingRun("csv_file", "USD", [
      { creatorId: amelia.id, amountMinor: payout.amountMinor, payoutId: payout.id },
      { creatorId: ivy.id, amountMinor: 2500n },
    ]);
    const [ameliaItem, ivyItem] = items;
    if (!ameliaItem || !ivyItem) throw new Error("items");
    await applyAll(await csvFilePayoutProvider.submit(context, items));
    const file = await db.payoutBankFile.findFirstOrThrow({ where: { shop: SHOP, runId: run.id } });
    const csv = await downloadBankFile(db, SHOP, run.id, file.id, STAFF, NOW);
    expect(parse(csv?.content ?? "", { columns: true })).toEqual([
      { creator: "Amelia", email: "amelia@example.com", amount: "17.84", currency: "USD", method: "PayPal", account_holder: "", iban: "", bic: "", paypal_email: "amelia.paypal@example.com", reference: ameliaItem.senderItemId },
      { creator: "'=Ivy", email: ".ivy@example.com", amount: "25.00", currency: "USD", method: "bank transfer", account_holder: "Ivy Ng", iban: ZOE_IBAN, bic: "", paypal_email: "", reference: ivyItem.senderItemId },
    ]);

    const mark = (input: Partial<Parameters<typeof markBankFileItems>[0]>) =>
      markBankFileItems({ db, shop: SHOP, actor: STAFF, runId: run.id, fileId: file.id, itemIds: "all", outcome: "paid", now: NOW, applyReport: applyReportLikeTheJob, ...input });

    // Bad input: a reason is required to mark failed; an unknown choice; an item of another file; another shop.
    expect(await mark({ outcome: "failed", reason: "  ", itemIds: [ameliaItem.itemId] })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Say why/) as unknown });
    expect(await mark({ outcome: "maybe" })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/Mark paid/) as unknown });
    expect(await mark({ itemIds: ["not-in-file"] })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/not in AFF-/) as unknown });
    expect(await markBankFileItems({ db, shop: OTHER_SHOP, actor: STAFF, runId: run.id, fileId: file.id, itemIds: "all", outcome: "paid", now: NOW, applyReport: applyReportLikeTheJob })).toMatchObject({ ok: false, status: 404 });
    expect(await db.payoutRunItem.count({ where: { shop: SHOP, runId: run.id, status: "submitted" } })).toBe(2);

    // Amelia's transfer bounced: marked failed → her payout is voided with the reason, the commissions are owed again.
    const failed = await mark({ outcome: "failed", reason: "Bank returned it: account closed", itemIds: [ameliaItem.itemId] });
    expect(failed).toEqual({ ok: true, marked: [ameliaItem.itemId], skipped: [] });
    expect(await db.payoutRunItem.findUniqueOrThrow({ where: { id: ameliaItem.itemId } })).toMatchObject({ status: "failed", failureReason: "Bank returned it: account closed", providerStatus: "marked_failed", providerBatchId: file.messageId });
    expect(await db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ voidedBy: STAFF, voidReason: "Bank returned it: account closed" });
    expect(await readLedgerRows(db, one.id)).toEqual([
      ["accrual", 892n, "pending", "webhook"],
      ["approval", 0n, "approved", STAFF],
      ["payout", 892n, "paid", STAFF],
      ["payout", -892n, "approved", STAFF],
    ]);
    const owed = await listCreatorsOwed(db, SHOP);
    expect(owed.creators.find((creator) => creator.creatorId === amelia.id)?.plan.total.amountMinor).toBe(1784n);

    // "Mark all paid" pays Ivy and leaves Amelia's failed item alone (it cannot become paid).
    const paid = await mark({ outcome: "paid", itemIds: "all" });
    expect(paid).toEqual({ ok: true, marked: [ivyItem.itemId], skipped: [{ itemId: ameliaItem.itemId, why: "it was marked failed; its commissions are owed again and go into the next run" }] });
    expect(await db.payoutRunItem.findUniqueOrThrow({ where: { id: ivyItem.itemId } })).toMatchObject({ status: "succeeded", providerStatus: "marked_paid" });
    expect(await mark({ outcome: "paid", itemIds: [ivyItem.itemId] })).toEqual({ ok: true, marked: [], skipped: [{ itemId: ivyItem.itemId, why: "already marked paid" }] });

    // "Mark all failed" only touches transfers still awaiting a mark: Ivy's paid transfer stays paid (a returned
    // transfer is marked failed on its own row).
    expect(await mark({ outcome: "failed", reason: "Bank rejected the whole file", itemIds: "all" })).toEqual({
      ok: true, marked: [], skipped: [{ itemId: ameliaItem.itemId, why: "already marked failed" }, { itemId: ivyItem.itemId, why: "already marked paid: mark it failed on its own row if the bank returned it" }],
    });
    expect(await db.payoutRunItem.findUniqueOrThrow({ where: { id: ivyItem.itemId } })).toMatchObject({ status: "succeeded" });

    // lookUp reports the marks as stored.
    expect((await csvFilePayoutProvider.lookUp(context, items)).map((report) => report.outcome)).toEqual(["failed", "succeeded"]);
    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, subjectId: file.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((event) => [event.action, event.actor, event.reason])).toEqual([
      ["payout_bank_file.items_marked_failed", STAFF, "Bank returned it: account closed"],
      ["payout_bank_file.items_marked_paid", STAFF, null],
    ]);
  });
});
