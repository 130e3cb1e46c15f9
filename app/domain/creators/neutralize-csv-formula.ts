const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab / carriage return) as a formula, so a creator
 * named "=HYPERLINK(…)" could attack the merchant who opens the export (OWASP "CSV injection"). Such cells get a
 * leading single quote, which spreadsheets show as text.
 */
export function neutralizeCsvFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
