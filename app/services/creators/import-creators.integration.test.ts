/**
 * A CSV import is a resumable job: its rows are stored when it starts, the background job imports them batch by
 * batch with the progress committed in the same transaction as each batch, and a run that dies part-way (here: the
 * database connection fails inside a batch's transaction) is resumed after its lease by the next run, to exactly
 * the result an uninterrupted import gives. Real PostgreSQL.
 */
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { CREATOR_IMPORT_LEASE_MS, processCreatorImports, readImportRowErrors, startCreatorImport } from "./import-creators.server";
import { readCreatorCsv } from "./read-creator-csv.server";

const postgresUrl = inject("postgresUrl");
const INTERRUPTED = "import-interrupted.myshopify.com";
const REFERENCE = "import-reference.myshopify.com";
let db: Database;

/** 11 rows: row 5 has a bad email, row 9 repeats row 2's email, row 11 has a handle already taken in the shop. */
const CSV = [
  "name,email,handle,commission_percent,code",
  ...Array.from({ length: 11 }, (_, index) => {
    const row = index + 2;
    if (row === 5) return "Bad Email,not-an-email,,,";
    if (row === 9) return "Again,creator2@example.com,,,";
    if (row === 11) return "Taken,creator11@example.com,taken,,";
    return `Creator ${row},creator${row}@example.com,${row % 2 === 0 ? `creator-${row}` : ""},10,C${row}X`;
  }),
].join("\n");

async function start(shop: string) {
  const file = await readCreatorCsv(Readable.from([Buffer.from(CSV)]));
  if (!file.ok) throw new Error(file.message);
  return startCreatorImport(db, { shop, actor: "staff:test", fileName: "creators.csv", file, currency: "USD" });
}

/** The database as seen by a process that dies inside its Nth transaction, after the batch's inserts ran. */
function dyingInTransaction(database: Database, n: number): Database {
  let transactions = 0;
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== "$transaction") return Reflect.get(target, property, receiver);
      return (callback: (tx: unknown) => Promise<unknown>, options?: unknown) =>
        target.$transaction(async (tx) => {
          const result = await callback(tx);
          transactions += 1;
          if (transactions === n) throw new Error("connection terminated unexpectedly");
          return result;
        }, options as never);
    },
  });
}

async function outcome(shop: string, importId: string) {
  const run = await db.creatorImport.findUniqueOrThrow({ where: { id: importId } });
  const creators = await db.creator.findMany({ where: { shop }, orderBy: { email: "asc" }, select: { email: true, handle: true, requestedCode: true, status: true } });
  const imported = await db.auditEvent.findMany({ where: { shop, action: "creator.imported" }, select: { subjectId: true } });
  return {
    status: run.status,
    totalRows: run.totalRows,
    processedRows: run.processedRows,
    createdCount: run.createdCount,
    unchangedCount: run.unchangedCount,
    rowErrors: readImportRowErrors(run.rowErrors),
    storedRows: await db.creatorImportRow.count({ where: { shop, importId } }),
    // Handles suggested from names may get a random suffix on a clash; none clash here.
    creators,
    importedEvents: imported.length,
    distinctImported: new Set(imported.map((event) => event.subjectId)).size,
  };
}

describe.skipIf(postgresUrl === null)("creator import as a resumable job (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "creator_import")).db;
    for (const shop of [INTERRUPTED, REFERENCE]) {
      await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
      await db.creator.create({ data: { shop, handle: "taken", name: "Already Here", email: "here@example.com", refToken: `r_${shop.slice(0, 6)}`, status: "approved" } });
    }
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("resumes an import interrupted part-way to exactly the result of one uninterrupted run, creating nobody twice", async () => {
    const reference = await start(REFERENCE);
    expect(await processCreatorImports(db, new Date(), { batchSize: 3 })).toMatchObject({ completed: 1 });
    const expected = await outcome(REFERENCE, reference.id);
    expect(expected).toMatchObject({ status: "completed", totalRows: 11, processedRows: 11, createdCount: 8, storedRows: 0, importedEvents: 8, distinctImported: 8 });
    expect(expected.rowErrors.map((error) => error.row)).toEqual([5, 9, 11]);

    const interrupted = await start(INTERRUPTED);
    const t0 = new Date();
    // Batches of 3 valid rows: the first two commit, the process dies inside the third (its inserts roll back).
    await expect(processCreatorImports(dyingInTransaction(db, 3), t0, { batchSize: 3 })).rejects.toThrow(/connection terminated/);
    const partway = await outcome(INTERRUPTED, interrupted.id);
    expect(partway).toMatchObject({ status: "running", createdCount: 6, importedEvents: 6 });
    expect(partway.storedRows).toBe(11);
    // The page's progress: the rows refused by validation and the two batches are done.
    expect(partway.processedRows).toBe(2 + 6);

    // Until the dead run's lease ends, no other run takes the import (it might still be alive).
    expect(await processCreatorImports(db, new Date(t0.getTime() + 1_000), { batchSize: 3 })).toMatchObject({ claimed: 0 });
    // After it, the next run (after a restart) resumes where the last commit left off.
    expect(await processCreatorImports(db, new Date(t0.getTime() + CREATOR_IMPORT_LEASE_MS + 1), { batchSize: 3 })).toMatchObject({ claimed: 1, completed: 1 });
    expect(await outcome(INTERRUPTED, interrupted.id)).toEqual(expected);
  });
});
