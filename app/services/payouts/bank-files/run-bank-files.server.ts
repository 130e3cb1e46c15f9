/**
 * A run's bank files for its page: the files (to download) and their items with who, how much, where to (last 4 of
 * the IBAN only), status and failure reason; and the download itself (opened from its sealed copy, counted).
 */
import type { Database } from "../../../db.server";
import type { PayoutItemStatus, PayoutRunMethod } from "../../../generated/prisma/client";
import { openSecret } from "../../../security/secret-box.server";
import { bankFileContentContext } from "./sepa-debtor-secret";

export type RunBankFileItem = {
  itemId: string;
  creatorId: string;
  creatorName: string;
  amountMinor: bigint;
  currency: string;
  ibanLast4: string | null;
  reference: string;
  status: PayoutItemStatus;
  failureReason: string | null;
};

export type RunBankFile = {
  id: string;
  method: PayoutRunMethod;
  sequence: number;
  messageId: string;
  fileName: string;
  itemCount: number;
  totalMinor: bigint;
  currency: string;
  createdAt: Date;
  downloadCount: number;
  lastDownloadedAt: Date | null;
  items: RunBankFileItem[];
};

export async function listRunBankFiles(db: Database, shop: string, runId: string): Promise<{ run: { id: string; status: string; currency: string } ; files: RunBankFile[] } | null> {
  const run = await db.payoutRun.findUnique({ where: { shop_id: { shop, id: runId } }, select: { id: true, status: true, currency: true } });
  if (run === null) return null;
  const files = await db.payoutBankFile.findMany({ where: { shop, runId }, orderBy: [{ method: "asc" }, { sequence: "asc" }], omit: { contentSealed: true } });
  const itemIds = files.flatMap((file) => file.itemIds);
  const items = await db.payoutRunItem.findMany({
    where: { shop, runId, id: { in: itemIds } },
    select: { id: true, creatorId: true, amountMinor: true, currency: true, senderItemId: true, status: true, failureReason: true, destination: true },
  });
  const creatorIds = [...new Set(items.map((item) => item.creatorId))];
  const [creators, profiles] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: creatorIds } }, select: { id: true, name: true } }),
    db.creatorPayoutProfile.findMany({ where: { shop, creatorId: { in: creatorIds } }, select: { creatorId: true, ibanLast4: true } }),
  ]);
  const nameBy = new Map(creators.map((creator) => [creator.id, creator.name]));
  const last4By = new Map(profiles.map((profile) => [profile.creatorId, profile.ibanLast4]));
  const itemBy = new Map(items.map((item) => [item.id, item]));
  return {
    run,
    files: files.map((file) => ({
      id: file.id, method: file.method, sequence: file.sequence, messageId: file.messageId, fileName: file.fileName, itemCount: file.itemCount,
      totalMinor: file.totalMinor, currency: file.currency, createdAt: file.createdAt, downloadCount: file.downloadCount, lastDownloadedAt: file.lastDownloadedAt,
      items: file.itemIds.flatMap((itemId) => {
        const item = itemBy.get(itemId);
        if (!item) return [];
        return [{
          itemId, creatorId: item.creatorId, creatorName: nameBy.get(item.creatorId) ?? "(deleted creator)", amountMinor: item.amountMinor, currency: item.currency,
          // The destination recorded on the item when the run was planned; the profile's (current) one otherwise.
          ibanLast4: destinationLast4(item.destination) ?? last4By.get(item.creatorId) ?? null, reference: item.senderItemId, status: item.status, failureReason: item.failureReason,
        }];
      }),
    })),
  };
}

function destinationLast4(destination: unknown): string | null {
  if (destination && typeof destination === "object" && "ibanLast4" in destination) {
    const value = (destination as { ibanLast4?: unknown }).ibanLast4;
    if (typeof value === "string" && value !== "") return value;
  }
  return null;
}

export type BankFileDownload = { fileName: string; contentType: string; content: string };

/** The stored file, byte for byte (the same MsgId and EndToEndIds every time), and the download recorded. */
export async function downloadBankFile(db: Database, shop: string, runId: string, fileId: string, actor: string, now: Date): Promise<BankFileDownload | null> {
  const file = await db.payoutBankFile.findFirst({ where: { shop, runId, id: fileId } });
  if (file === null) return null;
  await db.payoutBankFile.update({ where: { shop_id: { shop, id: file.id } }, data: { downloadCount: { increment: 1 }, lastDownloadedAt: now, lastDownloadedBy: actor } });
  return { fileName: file.fileName, contentType: file.contentType, content: openSecret(file.contentSealed, bankFileContentContext(shop, file.messageId)) };
}
