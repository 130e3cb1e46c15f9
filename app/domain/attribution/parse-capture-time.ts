// ISO 8601 with a date, a time and an explicit offset: what `new Date().toISOString()` writes in the theme embed.
// Anything looser (e.g. "May 5") is refused: Date.parse would guess, and a guessed time decides money.
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses the `_affable_ref_at` capture time; null when it is not a strict ISO 8601 instant. */
export function parseCaptureTime(text: string): Date | null {
  if (!ISO_INSTANT.test(text)) return null;
  const time = new Date(text);
  return Number.isNaN(time.getTime()) ? null : time;
}
