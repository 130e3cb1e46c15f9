import type { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { validateImportHeaders, type ImportColumn } from "../../domain/creators";

export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export type ReadCsvResult =
  | { ok: true; records: Array<Record<string, string>>; rowNumbers: number[]; rowErrors: Array<{ row: number; reason: string }> }
  | { ok: false; message: string };

/**
 * Streams a creators CSV through csv-parse: checks the header row first (one message naming every missing or
 * unknown column), then reads each record keyed by column. A record with the wrong number of cells is a bad row,
 * not a failed file. Row numbers are the file's line numbers, as a spreadsheet or editor shows them.
 */
export async function readCreatorCsv(input: Readable): Promise<ReadCsvResult> {
  const parser = input.pipe(
    parse({ bom: true, relax_column_count: true, skip_empty_lines: true, trim: false, info: true, max_record_size: 1_000_000 }),
  );
  let columns: ImportColumn[] | null = null;
  const records: Array<Record<string, string>> = [];
  const rowNumbers: number[] = [];
  const rowErrors: Array<{ row: number; reason: string }> = [];
  try {
    for await (const entry of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (columns === null) {
        const headers = validateImportHeaders(entry.record);
        if (!headers.ok) {
          input.destroy();
          return { ok: false, message: headers.message };
        }
        columns = headers.columns;
        continue;
      }
      if (entry.record.length !== columns.length) {
        if (entry.record.every((cell) => cell.trim() === "")) continue;
        rowErrors.push({
          row: entry.info.lines,
          reason: `This row has ${entry.record.length} cells but the header has ${columns.length}: check for a missing or extra comma, or quote values that contain commas.`,
        });
        continue;
      }
      const record: Record<string, string> = {};
      columns.forEach((column, index) => (record[column] = entry.record[index] ?? ""));
      records.push(record);
      rowNumbers.push(entry.info.lines);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      return { ok: false, message: `The file is not a readable CSV: ${error.message}. Save it as "CSV UTF-8" from your spreadsheet app and upload it again.` };
    }
    throw error;
  }
  if (columns === null) {
    return { ok: false, message: "The file is empty. Add a header row (name,email,…) and one row per creator." };
  }
  return { ok: true, records, rowNumbers, rowErrors };
}
