import { randomBytes } from "node:crypto";
import type { Database } from "../../db.server";
import type { Prisma } from "../../generated/prisma/client";
import { validateImportRows, withHandleSuffix, type ImportRowCandidate, type ImportRowError } from "../../domain/creators";
import { draftToColumns, generateRefToken } from "../../repositories/creator-repository.server";

export const IMPORT_BATCH_SIZE = 200;

export interface ParsedImportFile {
  records: Array<Record<string, string>>;
  rowNumbers: number[];
  /** Rows already known bad while reading (wrong number of cells). */
  rowErrors: ImportRowError[];
}

/** Rows stored per statement when an import starts. */
const STORE_ROWS_CHUNK = 1_000;
/** How long a background run owns an import before another may take it over (the first one died). */
export const CREATOR_IMPORT_LEASE_MS = 2 * 60_000;

/**
 * Records the import (status running, total rows) with every row of the file, so the background job
 * (processCreatorImports) can import them, and resume after a restart, while the page shows its progress.
 * Rows already known bad while reading are recorded as row errors at once.
 */
export async function startCreatorImport(
  db: Database,
  input: { shop: string; actor: string; fileName: string; file: ParsedImportFile; currency: string },
) {
  const { shop, file } = input;
  return db.$transaction(async (tx) => {
    const started = await tx.creatorImport.create({
      data: {
        shop,
        fileName: input.fileName.slice(0, 255),
        startedBy: input.actor,
        currency: input.currency,
        totalRows: file.records.length + file.rowErrors.length,
        processedRows: file.rowErrors.length,
        rowErrors: file.rowErrors.map((error) => ({ ...error })),
      },
    });
    for (let start = 0; start < file.records.length; start += STORE_ROWS_CHUNK) {
      await tx.creatorImportRow.createMany({
        data: file.records.slice(start, start + STORE_ROWS_CHUNK).map((record, offset) => ({
          importId: started.id,
          shop,
          position: start + offset,
          rowNumber: file.rowNumbers[start + offset] ?? start + offset + 2,
          record,
        })),
      });
    }
    return started;
  }, { timeout: 60_000 });
}

export interface ProcessCreatorImportsOptions {
  /** Valid rows per transaction. */
  batchSize?: number;
  leaseMs?: number;
  /** At most this many imports per run. */
  limit?: number;
  /** Asked between batches: true when the process is stopping (the import's lease is released for the next run). */
  shouldStop?: () => boolean;
}

/**
 * The background job's run: takes running imports whose lease is free (none taken, or its run died) and imports
 * their stored rows batch by batch. Each batch's creators, audit events and the import's progress (the resume
 * point, counts and row errors) commit in ONE transaction, so a run that dies part-way leaves exactly the batches
 * it finished; the next run, after the lease, validates the same stored rows again (validation is pure, so it
 * gives the same candidates) and continues after them. Creators are inserted with ON CONFLICT DO NOTHING on the
 * shop's unique keys as a second guard. A failure is thrown and the import stays running, resumed after its lease.
 */
export async function processCreatorImports(db: Database, now: Date, options: ProcessCreatorImportsOptions = {}) {
  const { batchSize = IMPORT_BATCH_SIZE, leaseMs = CREATOR_IMPORT_LEASE_MS, limit = 5 } = options;
  const summary = { claimed: 0, completed: 0, stopped: 0 };
  const leaseUntil = new Date(now.getTime() + leaseMs);
  // The claim serves every shop, like the webhook processor's; everything after it is scoped by the claimed shop.
  const claimed = await db.$queryRaw<{ id: string; shop: string }[]>`
    UPDATE "CreatorImport" SET "leaseUntil" = ${leaseUntil}
    WHERE "id" IN (
      SELECT "id" FROM "CreatorImport"
      WHERE "status" = 'running' AND ("leaseUntil" IS NULL OR "leaseUntil" <= ${now})
      ORDER BY "createdAt" LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id", "shop"`;
  summary.claimed = claimed.length;
  for (const { id, shop } of claimed) {
    const outcome = await continueImport(db, shop, id, leaseUntil, batchSize, options.shouldStop);
    summary[outcome] += 1;
  }
  return summary;
}

async function continueImport(
  db: Database,
  shop: string,
  importId: string,
  leaseUntil: Date,
  batchSize: number,
  shouldStop: (() => boolean) | undefined,
): Promise<"completed" | "stopped"> {
  const run = await db.creatorImport.findFirstOrThrow({ where: { shop, id: importId } });
  const rows = await db.creatorImportRow.findMany({ where: { shop, importId }, orderBy: { position: "asc" }, select: { rowNumber: true, record: true } });
  const { valid, invalid } = validateImportRows(
    rows.map((row) => row.record as Record<string, string>),
    run.currency,
    rows.map((row) => row.rowNumber),
  );
  // Rows known bad while reading the file were never stored as rows; validation's refusals are counted at once.
  const refusedUpFront = run.totalRows - rows.length + invalid.length;
  let done = run.importedCandidates;
  while (done < valid.length) {
    if (shouldStop?.()) {
      await db.creatorImport.updateMany({ where: { shop, id: importId, leaseUntil }, data: { leaseUntil: null } });
      return "stopped";
    }
    const from = done;
    const batch = valid.slice(from, from + batchSize);
    done = from + batch.length;
    await importBatch(db, { shop, importId, actor: run.startedBy, batch }, async (tx, outcome) => {
      // Guarded on the resume point this run read: if another run took the import over, this batch rolls back.
      const progressed = await tx.creatorImport.updateMany({
        where: { shop, id: importId, status: "running", importedCandidates: from },
        data: {
          importedCandidates: done,
          processedRows: refusedUpFront + done,
          createdCount: { increment: outcome.created },
          unchangedCount: { increment: outcome.unchanged },
        },
      });
      if (progressed.count !== 1) throw new Error(`Creator import ${importId} was taken over by another run; this run stops.`);
      if (outcome.rowErrors.length > 0) {
        const stored = await tx.creatorImport.findFirstOrThrow({ where: { shop, id: importId }, select: { rowErrors: true } });
        const rowErrors = [...readImportRowErrors(stored.rowErrors), ...outcome.rowErrors];
        await tx.creatorImport.updateMany({ where: { shop, id: importId }, data: { rowErrors: rowErrors.map((error) => ({ ...error })) } });
      }
    });
  }
  await db.$transaction(async (tx) => {
    const stored = await tx.creatorImport.findFirstOrThrow({ where: { shop, id: importId }, select: { rowErrors: true } });
    // Validation's refusals join the stored errors (those read from the file and those of the batches) only now,
    // so a resumed run, which validates again, never records them twice.
    const rowErrors = [...readImportRowErrors(stored.rowErrors), ...invalid].sort((a, b) => a.row - b.row);
    await tx.creatorImport.updateMany({
      where: { shop, id: importId, status: "running" },
      data: { status: "completed", finishedAt: new Date(), leaseUntil: null, processedRows: run.totalRows, rowErrors: rowErrors.map((error) => ({ ...error })) },
    });
    // The stored rows hold creators' personal data; the creators and the row errors are the record now.
    await tx.creatorImportRow.deleteMany({ where: { shop, importId } });
  });
  return "completed";
}

interface BatchOutcome {
  created: number;
  unchanged: number;
  rowErrors: ImportRowError[];
}

/** Imports one batch; `recordProgress` runs in the same transaction, so the batch and its progress commit together. */
async function importBatch(
  db: Database,
  input: { shop: string; importId: string; actor: string; batch: ImportRowCandidate[] },
  recordProgress: (tx: Prisma.TransactionClient, outcome: BatchOutcome) => Promise<void>,
): Promise<BatchOutcome> {
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
    const outcome = { created: all.length, unchanged: unchanged.length, rowErrors };
    await recordProgress(tx, outcome);
    return outcome;
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
