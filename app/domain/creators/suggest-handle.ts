/** A handle: lower-case letters, digits and single dashes; 2–40 characters; starts and ends alphanumeric. */
export const HANDLE_PATTERN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){1,39}$/;
export const HANDLE_MAX_LENGTH = 40;

/**
 * Suggests a URL-safe handle from a creator's name: "Zoë O'Brien" → "zoe-obrien". Accents are folded, anything
 * else that is not a letter or digit becomes a dash. Returns "" when nothing usable is left (e.g. "★★").
 */
export function suggestHandle(name: string): string {
  const folded = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const slug = folded
    .replace(/['’]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, HANDLE_MAX_LENGTH)
    .replace(/-+$/g, "");
  return slug.length >= 2 ? slug : slug.length === 1 ? `${slug}-creator` : "";
}

/** The same handle with a suffix, still within the maximum length: "alex-kim" + "x7k2" → "alex-kim-x7k2". */
export function withHandleSuffix(handle: string, suffix: string): string {
  const room = HANDLE_MAX_LENGTH - suffix.length - 1;
  return `${handle.slice(0, room).replace(/-+$/g, "")}-${suffix}`;
}
