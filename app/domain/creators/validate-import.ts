import { parseCreatorFields, type CreatorDraft, type RawCreatorFields } from "./creator-draft";
import { withHandleSuffix } from "./suggest-handle";

export const REQUIRED_IMPORT_COLUMNS = ["name", "email"] as const;
export const OPTIONAL_IMPORT_COLUMNS = [
  "handle",
  "instagram",
  "tiktok",
  "youtube",
  "x",
  "website",
  "payout_email",
  "notes",
  "status",
  "commission_percent",
  "commission_flat",
  "code",
] as const;
export const IMPORT_COLUMNS = [...REQUIRED_IMPORT_COLUMNS, ...OPTIONAL_IMPORT_COLUMNS] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** Header cells as people write them: "Payout Email", " EMAIL " and "payout-email" all mean payout_email. */
export function normalizeHeader(header: string): string {
  return header.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/[\s-]+/g, "_");
}

export type HeaderCheck = { ok: true; columns: ImportColumn[] } | { ok: false; message: string };

/** One message that names every missing, unknown and repeated column, and lists the accepted ones. */
export function validateImportHeaders(headers: readonly string[]): HeaderCheck {
  const normalized = headers.map(normalizeHeader);
  const known = new Set<string>(IMPORT_COLUMNS);
  const missing = REQUIRED_IMPORT_COLUMNS.filter((column) => !normalized.includes(column));
  const unknown = normalized.filter((column) => !known.has(column));
  const repeated = normalized.filter((column, index) => normalized.indexOf(column) !== index);
  if (missing.length === 0 && unknown.length === 0 && repeated.length === 0) {
    return { ok: true, columns: normalized as ImportColumn[] };
  }
  const problems = [
    missing.length ? `missing required column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}` : "",
    unknown.length ? `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((c) => `"${c}"`).join(", ")}` : "",
    repeated.length ? `repeated column${repeated.length > 1 ? "s" : ""} ${[...new Set(repeated)].join(", ")}` : "",
  ].filter(Boolean);
  return {
    ok: false,
    message:
      `The file's header row has ${problems.join("; ")}. The first row must name the columns: ` +
      `${REQUIRED_IMPORT_COLUMNS.join(" and ")} are required; ${OPTIONAL_IMPORT_COLUMNS.join(", ")} are optional.`,
  };
}

export interface ImportRowCandidate {
  /** The row's number as a spreadsheet shows it: the header is row 1, the first creator row 2. */
  row: number;
  draft: CreatorDraft;
  /** The discount code text requested in the `code` column, kept for later creation in Shopify. */
  requestedCode: string | null;
}

export interface ImportRowError {
  row: number;
  reason: string;
}

const FIELD_LABELS: Record<string, string> = {
  name: "name",
  email: "email",
  handle: "handle",
  payoutEmail: "payout_email",
  commissionPercent: "commission_percent",
  commissionFlat: "commission_flat",
};

function toRawFields(record: Readonly<Record<string, string>>): RawCreatorFields {
  return {
    name: record.name,
    email: record.email,
    handle: record.handle,
    instagram: record.instagram,
    tiktok: record.tiktok,
    youtube: record.youtube,
    x: record.x,
    website: record.website,
    payoutEmail: record.payout_email,
    notes: record.notes,
    status: record.status,
    commissionPercent: record.commission_percent,
    commissionFlat: record.commission_flat,
  };
}

const CODE_PATTERN = /^[A-Za-z0-9_-]{3,40}$/;

/**
 * Validates the rows of an import (keyed by normalised header). Each bad row is reported once, with every
 * reason; a repeated email or handle is bad from its second appearance on (the first one is imported).
 * Suggested handles that repeat within the file get a "-2", "-3" suffix, the same on every run of the file.
 */
export function validateImportRows(
  records: ReadonlyArray<Readonly<Record<string, string>>>,
  currency: string,
  /** Each record's row number (as the file shows it); by default the header is row 1 and records follow. */
  rowNumbers?: readonly number[],
): { valid: ImportRowCandidate[]; invalid: ImportRowError[] } {
  const valid: ImportRowCandidate[] = [];
  const invalid: ImportRowError[] = [];
  const emailRows = new Map<string, number>();
  const handleRows = new Map<string, number>();
  const codeRows = new Map<string, number>();
  const rowsWithExplicitHandles = new Set(
    records.map((record) => (record.handle ?? "").trim().toLowerCase()).filter(Boolean),
  );

  records.forEach((record, index) => {
    const row = rowNumbers?.[index] ?? index + 2;
    if (Object.values(record).every((value) => value.trim() === "")) return; // blank line: not a creator
    const parsed = parseCreatorFields(toRawFields(record), currency);
    const reasons: string[] = parsed.ok
      ? []
      : parsed.errors.map((error) => `${FIELD_LABELS[error.field] ?? error.field}: ${error.message}`);
    const requestedCode = (record.code ?? "").trim() || null;
    if (requestedCode !== null && !CODE_PATTERN.test(requestedCode)) {
      reasons.push(`code: use 3–40 letters, digits, "-" or "_" (got "${requestedCode}").`);
    }
    if (parsed.ok) {
      const { draft } = parsed;
      const firstEmailRow = emailRows.get(draft.email);
      if (firstEmailRow !== undefined) reasons.push(`email: ${draft.email} is already on row ${firstEmailRow} of this file.`);
      if (draft.handleSuggested) {
        let handle = draft.handle;
        for (let n = 2; handleRows.has(handle) || rowsWithExplicitHandles.has(handle); n += 1) {
          handle = withHandleSuffix(draft.handle, String(n));
        }
        draft.handle = handle;
      } else {
        const firstHandleRow = handleRows.get(draft.handle);
        if (firstHandleRow !== undefined) reasons.push(`handle: ${draft.handle} is already on row ${firstHandleRow} of this file.`);
      }
    }
    if (requestedCode !== null) {
      const key = requestedCode.toUpperCase();
      const firstCodeRow = codeRows.get(key);
      if (firstCodeRow !== undefined) reasons.push(`code: ${requestedCode} is already on row ${firstCodeRow} of this file.`);
    }
    if (!parsed.ok || reasons.length > 0) {
      invalid.push({ row, reason: reasons.join(" ") });
      return;
    }
    emailRows.set(parsed.draft.email, row);
    handleRows.set(parsed.draft.handle, row);
    if (requestedCode !== null) codeRows.set(requestedCode.toUpperCase(), row);
    valid.push({ row, draft: parsed.draft, requestedCode });
  });
  return { valid, invalid };
}
