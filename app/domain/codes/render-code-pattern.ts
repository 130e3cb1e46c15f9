/**
 * Turns the program's code pattern ("{HANDLE}15") into a creator's discount code text ("MAYA15").
 *
 * Shopify compares codes case-insensitively, so Affable always upper-cases them; what a shopper can type is kept to
 * A–Z, 0–9, "_" and "-" (no spaces or accents, which shoppers mistype and coupon sites mangle). Tokens:
 * {HANDLE} the creator's handle, {NAME} the creator's name, {RANDOM4} four random characters chosen by the caller
 * (passed in, so this stays pure and testable).
 */
export const CODE_PATTERN_TOKENS = ["{HANDLE}", "{NAME}", "{RANDOM4}"] as const;

/** Shopify's limit on a discount code's length. */
export const MAX_CODE_LENGTH = 255;

export const CODE_TEXT = /^[A-Z0-9_-]+$/;

export type RenderCodePatternResult = { ok: true; code: string } | { ok: false; message: string };

export interface CodePatternCreator {
  handle: string;
  name: string;
}

/** Upper-cases and keeps only A–Z, 0–9, "_" and "-"; accents are folded first ("Zoë" → "ZOE"). */
export function sanitizeCodeText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9_-]/g, "");
}

export function renderCodePattern(pattern: string, creator: CodePatternCreator, random: string): RenderCodePatternResult {
  const unknown = pattern.match(/\{[^}]*\}/g)?.filter((token) => !(CODE_PATTERN_TOKENS as readonly string[]).includes(token.toUpperCase()));
  if (unknown && unknown.length > 0) {
    return { ok: false, message: `The pattern uses ${unknown.join(", ")}, which Affable does not know. Use {HANDLE}, {NAME} or {RANDOM4}.` };
  }
  const literal = pattern.replace(/\{[^}]*\}/g, "");
  if (!/^[A-Za-z0-9_-]*$/.test(literal)) {
    return { ok: false, message: "Outside the {TOKENS}, a pattern may only use letters, digits, \"_\" and \"-\"." };
  }
  const code = sanitizeCodeText(
    pattern.replace(/\{(HANDLE|NAME|RANDOM4)\}/gi, (_, token: string) => {
      const upper = token.toUpperCase();
      if (upper === "HANDLE") return creator.handle;
      if (upper === "NAME") return creator.name;
      return random.slice(0, 4);
    }),
  );
  return validateCodeText(code);
}

/** Checks code text a merchant typed (or a pattern produced) after upper-casing it. */
export function validateCodeText(text: string): RenderCodePatternResult {
  const code = text.trim().toUpperCase();
  if (code === "") return { ok: false, message: "The code would be empty: add letters or digits, or a {HANDLE} token." };
  if (!CODE_TEXT.test(code)) return { ok: false, message: `"${code}" can only use letters A–Z, digits, "_" and "-".` };
  if (code.length > MAX_CODE_LENGTH) return { ok: false, message: `Shopify allows codes of up to ${MAX_CODE_LENGTH} characters; this one has ${code.length}.` };
  return { ok: true, code };
}

/**
 * The code to try on attempt `attempt` (1-based): MAYA15, then MAYA152, MAYA153, … The base is shortened when needed
 * so the suffix always fits in Shopify's 255 characters.
 */
export function addCollisionSuffix(code: string, attempt: number): string {
  if (attempt <= 1) return code;
  const suffix = String(attempt);
  return code.slice(0, MAX_CODE_LENGTH - suffix.length) + suffix;
}
