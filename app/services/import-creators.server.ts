import { randomBytes } from "node:crypto";
import type { Database } from "../db.server";
import { validateImportRows, withHandleSuffix, type ImportRowCandidate, type ImportRowError } from "../domain/creators";
import { draftToColumns, generateRefToken } from "../repositories/creator-repository.server";

export const IMPORT_BATCH_SIZE = 200;

export interface ParsedImportFile {
  records: Array<Record<string, string>>;
  rowNumbers: number[];
  /** Rows already known bad while reading (wrong number of cells). */
  rowErrors: ImportRowError[];
}

/** Records the import (status running, total rows) so its progress can be shown while it runs. */
export async function startCreatorImport(
  db: Database,
  input: { shop: string; actor: string; fileName: string; file: ParsedImportFile },
) {
  return db.creatorImport.create({
    data: {
      shop: input.shop,
      fileName: input.fileName.slice(0, 255),
      startedBy: input.actor,
      totalRows: input.file.records.length + input.file.rowErrors.length,
    },
  });
}

/**
 * Imports the creators of a started import, 200 rows per transaction, updating processedRows as it goes.
 * Safe to re-run: rows are inserted with ON CONFLICT DO NOTHING on the shop's unique keys, and a row whose
 * email is already a creator counts as unchanged. The `code` column is not sent to Shopify here: the requested
 * code text is kept in the creator's "creator.imported" audit event for the code step to pick up.
 */
export async function runCreatorImport(
  db: Database,
  input: { shop: string; importId: string; file: ParsedImportFile; currency: string; actor: string },
): Promise<void> {
  const { shop, importId } = input;
  try {
    const { valid, invalid } = validateImportRows(input.file.records, input.currency, input.file.rowNumbers);
    const rowErrors: ImportRowError[] = [...input.file.rowErrors, ...invalid];
    let processed = rowErrors.length;
    let created = 0;
    let unchanged = 0;
    await db.creatorImport.updateMany({ where: { shop, id: importId }, data: { processedRows: processed } });
    for (let start = 0; start < valid.length; start += IMPORT_BATCH_SIZE) {
      const batch = valid.slice(start, start + IMPORT_BATCH_SIZE);
      const outcome = await importBatch(db, { ...input, batch });
      created += outcome.created;
      unchanged += outcome.unchanged;
      rowErrors.push(...outcome.rowErrors);
      processed += batch.length;
      await db.creatorImport.updateMany({
        where: { shop, id: importId },
        data: { processedRows: processed, createdCount: created, unchangedCount: unchanged },
      });
    }
    rowErrors.sort((a, b) => a.row - b.row);
    await db.creatorImport.updateMany({
      where: { shop, id: importId },
      data: { status: "completed", rowErrors: rowErrors.map((error) => ({ ...error })), finishedAt: new Date() },
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await db.creatorImport.updateMany({
      where: { shop, id: importId },
      data: {
        status: "failed",
        finishedAt: new Date(),
        rowErrors: [{ row: 0, reason: `The import stopped: ${reason}. Rows imported so far are kept; upload the same file again to finish (nothing is imported twice).` }],
      },
    });
    throw error;
  }
}

async function importBatch(
  db: Database,
  input: { shop: string; importId: string; actor: string; batch: ImportRowCandidate[] },
): Promise<{ created: number; unchanged: number; rowErrors: ImportRowError[] }> {
  const { shop } = input;
  return db.$transaction(async (tx) => {
    const insert = async (rows: ImportRowCandidate[]) =>
      rows.length === 0
        ? []
        : tx.creator.createManyAndReturn({
            data: rows.map((row) => ({
              shop,
              ...draftToColumns(row.draft),
              status: row.draft.status,
              refToken: generateRefToken(),
              requestedCode: row.requestedCode,
              ...(row.draft.status === "approved" ? { approvedAt: new Date() } : {}),
            })),
            skipDuplicates: true,
            select: { id: true, email: true },
          });
    const inserted = await insert(input.batch);
    const insertedEmails = new Set(inserted.map((creator) => creator.email));
    let skipped = input.batch.filter((row) => !insertedEmails.has(row.draft.email));
    const existing = new Set(
      (
        await tx.creator.findMany({
          where: { shop, email: { in: skipped.map((row) => row.draft.email) } },
          select: { email: true },
        })
      ).map((creator) => creator.email),
    );
    const unchanged = skipped.filter((row) => existing.has(row.draft.email));
    skipped = skipped.filter((row) => !existing.has(row.draft.email));
    // Not the email, so the handle is taken by another creator. A suggested handle gets a suffix; a typed one
    // is the merchant's choice and is reported.
    const retry = skipped
      .filter((row) => row.draft.handleSuggested)
      .map((row) => ({ ...row, draft: { ...row.draft, handle: withHandleSuffix(row.draft.handle, randomBytes(3).toString("hex").slice(0, 4)) } }));
    const retried = await insert(retry);
    const retriedEmails = new Set(retried.map((creator) => creator.email));
    const rowErrors: ImportRowError[] = skipped
      .filter((row) => !retriedEmails.has(row.draft.email))
      .map((row) => ({
        row: row.row,
        reason: `handle: ${row.draft.handle} already belongs to another creator. Choose another handle, or leave it empty to have one suggested.`,
      }));
    const all = [...inserted, ...retried];
    const byEmail = new Map(input.batch.map((row) => [row.draft.email, row]));
    if (all.length > 0) {
      await tx.auditEvent.createMany({
        data: all.map((creator) => {
          const row = byEmail.get(creator.email);
          return {
            shop,
            actor: input.actor,
            action: "creator.imported",
            subjectType: "creator",
            subjectId: creator.id,
            details: { importId: input.importId, row: row?.row ?? null, requestedCode: row?.requestedCode ?? null },
          };
        }),
      });
    }
    return { created: all.length, unchanged: unchanged.length, rowErrors };
  });
}

export function findCreatorImport(db: Database, shop: string, id: string) {
  return db.creatorImport.findFirst({ where: { shop, id } });
}

export function readImportRowErrors(value: unknown): ImportRowError[] {
  return Array.isArray(value)
    ? value.flatMap((entry) =>
        typeof entry === "object" && entry !== null && typeof (entry as ImportRowError).row === "number"
          ? [{ row: (entry as ImportRowError).row, reason: String((entry as ImportRowError).reason) }]
          : [],
      )
    : [];
}
