/**
 * SEPA credit transfers carry only the "Latin character set" of the EPC implementation guidelines:
 * a–z A–Z 0–9 / - ? : ( ) . , ' + and space. Banks reject (or silently mangle) anything else, so names and
 * remittance lines are transliterated first (é → e, ß → ss, Ø → O) and whatever is still outside the set becomes a
 * space; runs of spaces collapse. Written by hand because the set is tiny and fixed by the scheme, and the
 * transliteration table is the part a library would not know (banks' conventions, not Unicode's).
 */
const ALLOWED = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** Letters NFD does not split into a base letter and a mark. */
const TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: "ss", ẞ: "SS", æ: "ae", Æ: "AE", œ: "oe", Œ: "OE", ø: "o", Ø: "O", ł: "l", Ł: "L", đ: "d", Đ: "D", ð: "d", Ð: "D",
  þ: "th", Þ: "TH", ı: "i", ħ: "h", Ħ: "H", ŀ: "l", Ŀ: "L", "&": "+", "’": "'", "‘": "'", "‚": ",", "“": "'", "”": "'",
  "„": "'", '"': "'", "–": "-", "—": "-", "_": "-", "#": "-", "*": ".", ";": ",", "@": "(at)", "€": "EUR",
};

export function toSepaText(text: string): string {
  const transliterated = [...text.normalize("NFC")].map((char) => TRANSLITERATIONS[char] ?? char).join("");
  return transliterated
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(ALLOWED, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** toSepaText cut to the scheme's field length (Nm ≤ 70, Ustrd ≤ 140), never ending in a space. */
export function toSepaField(text: string, maxLength: number): string {
  return toSepaText(text).slice(0, maxLength).trimEnd();
}

/**
 * Identifiers (MsgId, PmtInfId, EndToEndId) follow the stricter EPC rule: 1–35 characters of the set above, not
 * starting or ending with "/" and without "//". They are made by Affable from its own ids, so a bad one is a bug:
 * refuse it rather than change it (changing it would break the "same EndToEndId when downloaded again" promise).
 */
export function isSepaIdentifier(value: string): boolean {
  return /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/.test(value) && !value.startsWith("/") && !value.endsWith("/") && !value.includes("//");
}
