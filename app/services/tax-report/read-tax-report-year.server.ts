/** The year asked for (?year=2026), or the current calendar year in the shop's time zone. */
export function readTaxReportYear(url: URL, currentYear: number): number | Response {
  const text = url.searchParams.get("year");
  if (text === null || text === "") return currentYear;
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(year) || year < 2000 || year > currentYear) {
    return new Response(`year must be a calendar year from 2000 to ${currentYear}, such as ${currentYear - 1}.`, { status: 400 });
  }
  return year;
}
