/**
 * The hand-over of a payout run's items to a bank file (SEPA, Wise, plain CSV): what the sepa_file / wise_file /
 * csv_file providers do on submit. Each item that can be paid this way goes into a file made once and stored sealed,
 * and is reported `submitted` (awaiting the merchant's mark: the file is the hand-over). An item that cannot (no
 * IBAN, an IBAN outside SEPA, a currency SEPA does not carry) is reported `failed` with the reason, so its
 * commissions are owed again and the merchant sees why.
 *
 * Exactly once: an item already in one of the run's files is never put in another; asking again (after a crash, a
 * retry) reports what the stored files say. A file is never rebuilt: its bytes, MsgId and EndToEndIds stay the same
 * however often it is downloaded. Items handed over later get a new file (sequence + 1).
 */
import type { Database } from "../../../db.server";
import {
  BankFileError,
  bankFileMessageId,
  bankFileName,
  buildPayoutCsv,
  buildSepaCreditTransfer,
  buildWiseBatchCsv,
  checkIban,
  WISE_BATCH_MAX_ROWS,
  type BankFileFormat,
  type PayoutCsvDestination,
} from "../../../domain/payouts/bank-files";
import { choosePaypalAddress } from "../../../domain/payouts/choose-paypal-address";
import { Prisma } from "../../../generated/prisma/client";
import { openSecret, sealSecret } from "../../../security/secret-box.server";
import { readShopTimeZone } from "../../read-shop-time-zone.server";
import { ProviderRetryableError, ProviderSetupError, type ProviderContext, type ProviderItem, type ProviderItemReport } from "../providers/payout-provider";
import { bankFileContentContext, creatorIbanContext, sepaDebtorIbanContext } from "./sepa-debtor-secret";
import { toLocalDay } from "../../../domain/reporting/to-local-day";

const CONTENT_TYPE: Record<BankFileFormat, string> = { sepa_file: "application/xml; charset=utf-8", wise_file: "text/csv; charset=utf-8", csv_file: "text/csv; charset=utf-8" };

type Payee = {
  item: ProviderItem;
  creatorName: string;
  email: string | null;
  accountHolderName: string;
  iban: string | null;
  bic: string | null;
  paypalEmail: string | null;
};

type Prepared = { ok: true; payee: Payee } | { ok: false; reason: string };

/** The shop's calendar date for `now` (YYYY-MM-DD): the execution date asked of the bank. */
function shopDate(now: Date, timeZone: string): string {
  return toLocalDay(now, timeZone);
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < values.length; start += size) chunks.push(values.slice(start, start + size));
  return chunks;
}

async function loadPayees(db: Database, shop: string, items: readonly ProviderItem[]): Promise<Map<string, Omit<Payee, "item">>> {
  const creatorIds = [...new Set(items.map((item) => item.creatorId))];
  const [creators, profiles] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: creatorIds } }, select: { id: true, name: true, email: true } }),
    db.creatorPayoutProfile.findMany({ where: { shop, creatorId: { in: creatorIds } } }),
  ]);
  const profileBy = new Map(profiles.map((profile) => [profile.creatorId, profile]));
  return new Map(
    creators.map((creator) => {
      const profile = profileBy.get(creator.id);
      return [
        creator.id,
        {
          creatorName: creator.name,
          email: creator.email,
          accountHolderName: profile?.accountHolderName?.trim() || creator.name,
          iban: profile?.ibanSealed ? openSecret(profile.ibanSealed, creatorIbanContext(shop, creator.id)) : null,
          bic: profile?.bic ?? null,
          // A run pays only details the creator confirmed (choosePaypalAddress), never the creator page's payout email.
          paypalEmail: choosePaypalAddress({ confirmedPaypalEmail: profile?.paypalEmail ?? null, payoutEmail: null, contactEmail: null }, "run")?.email ?? null,
        },
      ];
    }),
  );
}

function prepare(format: BankFileFormat, item: ProviderItem, payee: Omit<Payee, "item"> | undefined): Prepared {
  if (!payee) return { ok: false, reason: "The creator no longer exists in this shop." };
  if (item.amountMinor <= 0n) return { ok: false, reason: "There is nothing to pay (the amount is not positive)." };
  if (format === "csv_file") return { ok: true, payee: { item, ...payee } };
  if (payee.iban === null) {
    return { ok: false, reason: "No IBAN on file: ask the creator to add their bank account in the portal, then pay them in a later run." };
  }
  const iban = checkIban(payee.iban, { sepaOnly: format === "sepa_file" });
  if (!iban.ok) return { ok: false, reason: `The creator's bank account: ${iban.message}` };
  if (format === "sepa_file" && item.currency !== "EUR") {
    return { ok: false, reason: `SEPA transfers are in euros only and this payout is in ${item.currency}: pay it with the Wise or plain CSV file.` };
  }
  return { ok: true, payee: { item, ...payee, iban: iban.iban } };
}

async function readSepaDebtor(db: Database, shop: string): Promise<{ name: string; iban: string; bic: string | null }> {
  const settings = await db.payoutSettings.findUnique({ where: { shop }, select: { sepaDebtorName: true, sepaDebtorIbanSealed: true, sepaDebtorBic: true } });
  if (!settings?.sepaDebtorName || !settings.sepaDebtorIbanSealed) {
    throw new ProviderSetupError("SEPA files need your bank account: add the account holder name and IBAN in Settings › Bank, then the run continues.");
  }
  return { name: settings.sepaDebtorName, iban: openSecret(settings.sepaDebtorIbanSealed, sepaDebtorIbanContext(shop)), bic: settings.sepaDebtorBic };
}

function remittance(item: ProviderItem): string {
  return item.note.trim() || `Creator payout ${item.senderItemId}`;
}

function buildContent(format: BankFileFormat, messageId: string, payees: readonly Payee[], now: Date, executionDate: string, debtor: Awaited<ReturnType<typeof readSepaDebtor>> | null, currency: string): string {
  if (format === "sepa_file") {
    if (debtor === null) throw new Error("A SEPA file needs the debtor account.");
    return buildSepaCreditTransfer({
      messageId,
      paymentInformationId: messageId,
      createdAt: now,
      requestedExecutionDate: executionDate,
      initiatingPartyName: debtor.name,
      debtor,
      transactions: payees.map((payee) => ({
        endToEndId: payee.item.senderItemId,
        amountMinor: payee.item.amountMinor,
        currency: payee.item.currency,
        creditorName: payee.accountHolderName,
        creditorIban: payee.iban ?? "",
        creditorBic: payee.bic,
        remittanceInformation: remittance(payee.item),
      })),
    });
  }
  if (format === "wise_file") {
    return buildWiseBatchCsv(
      payees.map((payee) => ({ reference: payee.item.senderItemId, accountHolderName: payee.accountHolderName, email: payee.email, iban: payee.iban ?? "", amountMinor: payee.item.amountMinor, currency: payee.item.currency })),
      currency,
    );
  }
  return buildPayoutCsv(
    payees.map((payee) => {
      const destination: PayoutCsvDestination =
        payee.iban !== null ? { kind: "bank", accountHolderName: payee.accountHolderName, iban: payee.iban, bic: payee.bic }
        : payee.paypalEmail !== null ? { kind: "paypal", paypalEmail: payee.paypalEmail }
        : { kind: "none" };
      return { creatorName: payee.creatorName, email: payee.email, amountMinor: payee.item.amountMinor, currency: payee.item.currency, destination, reference: payee.item.senderItemId };
    }),
  );
}

export async function handOverBankFile(format: BankFileFormat, context: ProviderContext, items: readonly ProviderItem[]): Promise<ProviderItemReport[]> {
  const { db, shop, runId, now } = context;
  const existing = await db.payoutBankFile.findMany({ where: { shop, runId, method: format }, select: { sequence: true, messageId: true, itemIds: true }, orderBy: { sequence: "asc" } });
  const fileOf = new Map<string, string>();
  for (const file of existing) for (const itemId of file.itemIds) fileOf.set(itemId, file.messageId);

  const fresh = items.filter((item) => !fileOf.has(item.itemId));
  const failures = new Map<string, string>();
  if (fresh.length > 0) {
    const payeeBy = await loadPayees(db, shop, fresh);
    const ready: Payee[] = [];
    for (const item of fresh) {
      const prepared = prepare(format, item, payeeBy.get(item.creatorId));
      if (prepared.ok) ready.push(prepared.payee);
      else failures.set(item.itemId, prepared.reason);
    }
    if (ready.length > 0) {
      const debtor = format === "sepa_file" ? await readSepaDebtor(db, shop) : null;
      const executionDate = shopDate(now, await readShopTimeZone(db, shop));
      let sequence = existing.reduce((highest, file) => Math.max(highest, file.sequence), 0);
      // One currency per file: a Wise batch has one source currency, a SEPA file is EUR only.
      const byCurrency = new Map<string, Payee[]>();
      for (const payee of ready) byCurrency.set(payee.item.currency, [...(byCurrency.get(payee.item.currency) ?? []), payee]);
      const files: Prisma.PayoutBankFileCreateManyInput[] = [];
      for (const [currency, payees] of byCurrency) {
        for (const part of chunk(payees, format === "wise_file" ? WISE_BATCH_MAX_ROWS : Number.MAX_SAFE_INTEGER)) {
          sequence += 1;
          const messageId = bankFileMessageId(runId, format, sequence);
          let content: string;
          try {
            content = buildContent(format, messageId, part, now, executionDate, debtor, currency);
          } catch (error) {
            if (error instanceof BankFileError) throw new ProviderSetupError(`The ${format === "sepa_file" ? "SEPA" : format === "wise_file" ? "Wise" : "payout CSV"} file could not be made: ${error.message}`);
            throw error;
          }
          files.push({
            shop, runId, method: format, sequence, messageId,
            fileName: bankFileName(runId, format, sequence),
            contentType: CONTENT_TYPE[format],
            contentSealed: sealSecret(content, bankFileContentContext(shop, messageId)),
            itemIds: part.map((payee) => payee.item.itemId),
            itemCount: part.length,
            totalMinor: part.reduce((total, payee) => total + payee.item.amountMinor, 0n),
            currency,
            createdAt: now,
          });
          for (const payee of part) fileOf.set(payee.item.itemId, messageId);
        }
      }
      try {
        await db.payoutBankFile.createMany({ data: files });
      } catch (error) {
        // Two hand-overs of one run at once (the job's lease should prevent it): the other made the file; ask again.
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
          throw new ProviderRetryableError("Another hand-over of this run's bank file was under way; trying again.", 1_000);
        }
        throw error;
      }
    }
  }

  return items.map((item): ProviderItemReport => {
    const messageId = fileOf.get(item.itemId);
    if (messageId !== undefined) return { itemId: item.itemId, outcome: "submitted", providerItemId: item.senderItemId, providerStatus: "in_file", providerBatchId: messageId };
    return { itemId: item.itemId, outcome: "failed", providerItemId: null, providerStatus: "not_in_file", reason: failures.get(item.itemId) ?? "The item could not be put in a bank file." };
  });
}

/** What Affable has stored for these items: a file is the only "provider", so the stored marks are the answer. */
export async function lookUpBankFileItems(format: BankFileFormat, context: ProviderContext, items: readonly ProviderItem[]): Promise<ProviderItemReport[]> {
  const { db, shop, runId } = context;
  const files = await db.payoutBankFile.findMany({ where: { shop, runId, method: format }, select: { messageId: true, itemIds: true } });
  const fileOf = new Map<string, string>();
  for (const file of files) for (const itemId of file.itemIds) fileOf.set(itemId, file.messageId);
  const stored = await db.payoutRunItem.findMany({ where: { shop, runId, id: { in: items.map((item) => item.itemId) } }, select: { id: true, status: true, failureReason: true, providerStatus: true } });
  const storedBy = new Map(stored.map((row) => [row.id, row]));
  return items.map((item): ProviderItemReport => {
    const messageId = fileOf.get(item.itemId);
    if (messageId === undefined) return { itemId: item.itemId, outcome: "unknown" };
    const row = storedBy.get(item.itemId);
    const base = { itemId: item.itemId, providerItemId: item.senderItemId, providerBatchId: messageId };
    if (row?.status === "succeeded") return { ...base, outcome: "succeeded", providerStatus: row.providerStatus ?? "marked_paid" };
    if (row?.status === "failed") return { ...base, outcome: "failed", providerStatus: row.providerStatus ?? "marked_failed", reason: row.failureReason ?? "Marked failed by the merchant." };
    return { ...base, outcome: "submitted", providerStatus: "in_file" };
  });
}
