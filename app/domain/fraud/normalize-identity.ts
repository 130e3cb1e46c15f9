/*
 * Normalising identity values before they are hashed (hash-signal.server.ts) and compared: the same person typed the
 * same thing differently on the creator form, the application form and at checkout. Pure; no value leaves here raw
 * except as the input of a keyed hash.
 */
import disposableDomains from "disposable-email-domains/index.json";
import disposableWildcardDomains from "disposable-email-domains/wildcard.json";
import { electronicFormatIBAN } from "ibantools";

const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);

/**
 * Lower-case and trimmed; "+tag" removed from the local part for every domain (sub-addressing: Gmail, Outlook,
 * iCloud, Fastmail, Proton all deliver "anna+shop@x" to "anna@x"); at gmail.com / googlemail.com also the dots,
 * which Gmail ignores, and googlemail.com becomes gmail.com. Without an "@" the trimmed lower-case text is returned.
 */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0 || at === trimmed.length - 1) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = "gmail.com";
    local = local.replaceAll(".", "");
  }
  return `${local}@${domain}`;
}

/** The domain of an email address, lower-case ("googlemail.com" reads as "gmail.com"); null without an "@". */
export function emailDomain(email: string): string | null {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at < 0 || at === trimmed.length - 1) return null;
  const domain = trimmed.slice(at + 1).replace(/\.$/, "");
  return domain === "googlemail.com" ? "gmail.com" : domain;
}

/** How many trailing digits identify a phone number across formats (see normalisePhone). */
export const PHONE_KEY_DIGITS = 9;

/**
 * A comparable phone key: the last 9 digits of the number, or null when it has fewer than 7 digits (not a phone).
 *
 * Why the last 9 and not the whole number: the same phone arrives as "+33 6 12 34 56 78", "0033612345678" and
 * "06 12 34 56 78" (France), "+49 30 1234567" and "030 1234567" (Germany), "+1 (415) 555-0100" and "415-555-0100".
 * Without knowing which country a national-format number belongs to, the country code and the trunk "0" cannot be
 * told apart from the subscriber number; the last 9 digits are the same in every one of these forms (area code +
 * subscriber), and two different people sharing them is about one in a billion. Extensions ("x12", "ext. 12", "#12")
 * are dropped; "00" international prefixes read as "+". Shorter numbers (7–8 digits, local formats) are kept whole.
 */
export function normalisePhone(phone: string): string | null {
  const withoutExtension = phone.split(/(?:ext\.?|x|#|;)/i)[0] ?? "";
  let digits = withoutExtension.replace(/\D/g, "");
  if (withoutExtension.trim().startsWith("00")) digits = digits.slice(2);
  digits = digits.replace(/^0+/, "");
  if (digits.length < 7) return null;
  return digits.slice(-PHONE_KEY_DIGITS);
}

export type AddressInput = {
  readonly line1?: string | null;
  readonly line2?: string | null;
  readonly city?: string | null;
  readonly region?: string | null;
  readonly postalCode?: string | null;
  readonly country?: string | null;
};

/** Street words and their one spelling (USPS-style abbreviations plus the common European ones). */
const STREET_WORDS: Record<string, string> = {
  street: "st",
  str: "st",
  strasse: "st",
  avenue: "ave",
  av: "ave",
  road: "rd",
  boulevard: "blvd",
  drive: "dr",
  lane: "ln",
  court: "ct",
  place: "pl",
  square: "sq",
  terrace: "ter",
  highway: "hwy",
  parkway: "pkwy",
  circle: "cir",
  crescent: "cres",
  apartment: "apt",
  apartement: "apt",
  appartement: "apt",
  flat: "apt",
  unit: "apt",
  suite: "apt",
  ste: "apt",
  floor: "fl",
  building: "bldg",
  north: "n",
  south: "s",
  east: "e",
  west: "w",
  number: "no",
  nr: "no",
};

function normaliseWords(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/ß/g, "ss")
      // "Hauptstraße" / "Hauptstr." → "haupt st": German street suffixes glued to the name.
      .replace(/([a-z])(strasse|str)\b/g, "$1 $2")
      .replace(/#/g, " apt ")
      .replace(/[^a-z0-9]+/g, " ")
      .trim()
      .split(" ")
      .filter((word) => word !== "")
      .map((word) => STREET_WORDS[word] ?? word)
      .join(" ")
  );
}

/**
 * A comparable shipping-address key: "<street and apartment>|<postal code>|<country>". Lower-case, accents and
 * punctuation off, street/avenue/apartment words abbreviated one way, whitespace collapsed; line 2 joins line 1
 * (people put "Apt 4" in either). The postal code (spaces off) and country pin the place, so city and region are
 * left out on purpose: "Brooklyn" / "New York" and "CA" / "California" describe the same parcel. Without a postal
 * code the city stands in for it. Country codes and names both work as long as both sides use the same one
 * (Shopify and Affable's forms store the ISO code).
 */
export function normaliseAddress(address: AddressInput): string {
  const street = normaliseWords([address.line1 ?? "", address.line2 ?? ""].join(" "));
  const postal = (address.postalCode ?? "").toLowerCase().replace(/[^a-z0-9]/g, "");
  const place = postal !== "" ? postal : normaliseWords(address.city ?? "");
  const country = normaliseWords(address.country ?? "");
  return `${street}|${place}|${country}`;
}

/**
 * An IBAN (or any account number) as one upper-case run of letters and digits: "de89 3704-0044 0532 0130 00" →
 * "DE89370400440532013000". ibantools' electronic format (what the payout form stores), then any other punctuation off.
 */
export function normaliseIban(iban: string): string {
  return (electronicFormatIBAN(iban) ?? "").replace(/[^A-Z0-9]/g, "");
}

let disposableSet: ReadonlySet<string> | null = null;
let disposableWildcardSet: ReadonlySet<string> | null = null;

/**
 * Whether the domain (or a parent of it) is a disposable / throw-away email provider, from the npm package
 * `disposable-email-domains` (the community-kept list; its wildcard list covers every sub-domain of a provider).
 */
export function isDisposableEmailDomain(domain: string): boolean {
  disposableSet ??= new Set(disposableDomains as readonly string[]);
  disposableWildcardSet ??= new Set(disposableWildcardDomains as readonly string[]);
  const labels = domain.trim().toLowerCase().replace(/\.$/, "").split(".");
  for (let start = 0; start < labels.length - 1; start += 1) {
    const candidate = labels.slice(start).join(".");
    if (start === 0 && disposableSet.has(candidate)) return true;
    if (disposableWildcardSet.has(candidate)) return true;
  }
  return false;
}
