import { MoneyError } from "./money-error";

/*
 * How many decimal places each currency's minor unit has (ISO 4217 "minor unit"), for every active ISO 4217 code
 * plus the legacy and non-standard codes that Shopify's CurrencyCode enum can still return.
 *
 * Why a table and not Intl: CLDR (what Intl uses) describes *display* digits, which differ from ISO for money
 * movement (CLDR shows HUF and TWD with 0 cash digits, ISO counts 2). Shopify's amounts follow ISO, so do we.
 *
 * Deliberately absent: codes whose ISO minor unit is "N.A." (XAU, XAG, XPT, XPD, XDR, XBA–XBD, XSU, XUA, XTS)
 * and XXX ("no currency", which Shopify uses for an unrecognised currency). Money in those cannot be counted
 * exactly, so getCurrencyExponent() refuses them rather than guessing 2.
 */

const ZERO_DECIMAL_CURRENCIES = [
  "BIF", // Burundian franc
  "BYR", // Belarusian ruble (pre-2016; Shopify legacy code)
  "CLP", // Chilean peso
  "DJF", // Djiboutian franc
  "GNF", // Guinean franc
  "ISK", // Icelandic króna
  "JPY", // Japanese yen
  "KMF", // Comorian franc
  "KRW", // South Korean won
  "PYG", // Paraguayan guaraní
  "RWF", // Rwandan franc
  "UGX", // Ugandan shilling
  "UYI", // Uruguay peso en unidades indexadas (funds code)
  "VND", // Vietnamese đồng
  "VUV", // Vanuatu vatu
  "XAF", // Central African CFA franc
  "XOF", // West African CFA franc
  "XPF", // CFP franc
] as const;

const THREE_DECIMAL_CURRENCIES = [
  "BHD", // Bahraini dinar
  "IQD", // Iraqi dinar
  "JOD", // Jordanian dinar
  "KWD", // Kuwaiti dinar
  "LYD", // Libyan dinar
  "OMR", // Omani rial
  "TND", // Tunisian dinar
] as const;

const FOUR_DECIMAL_CURRENCIES = [
  "CLF", // Unidad de Fomento (funds code)
  "UYW", // Unidad previsional (funds code)
] as const;

const TWO_DECIMAL_CURRENCIES = [
  "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN",
  "BAM", "BBD", "BDT", "BGN", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
  "CAD", "CDF", "CHE", "CHF", "CHW", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK",
  "DKK", "DOP", "DZD",
  "EGP", "ERN", "ETB", "EUR",
  "FJD", "FKP",
  "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD",
  "HKD", "HNL", "HRK", "HTG", "HUF",
  "IDR", "ILS", "INR", "IRR",
  "JMD",
  "KES", "KGS", "KHR", "KPW", "KYD", "KZT",
  "LAK", "LBP", "LKR", "LRD", "LSL",
  "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN",
  "NAD", "NGN", "NIO", "NOK", "NPR", "NZD",
  "PAB", "PEN", "PGK", "PHP", "PKR", "PLN",
  "QAR",
  "RON", "RSD", "RUB",
  "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
  "THB", "TJS", "TMT", "TOP", "TRY", "TTD", "TWD", "TZS",
  "UAH", "USD", "USN", "UYU", "UZS",
  "VED", "VES",
  "WST",
  "XCD", "XCG",
  "YER",
  "ZAR", "ZMW", "ZWG", "ZWL",
  // Legacy ISO codes that Shopify's CurrencyCode enum still lists (each had 2 decimals when it was current).
  "LTL", "LVL", "MRO", "STD", "VEF",
  // Non-ISO codes in Shopify's CurrencyCode enum: Jersey pound, Kiribati dollar, USD Coin. Shopify counts USDC
  // in cents like USD; the token's on-chain 6 decimals never reach an order.
  "JEP", "KID", "USDC",
] as const;

function buildExponentTable(): ReadonlyMap<string, number> {
  const table = new Map<string, number>();
  const groups: ReadonlyArray<readonly [readonly string[], number]> = [
    [ZERO_DECIMAL_CURRENCIES, 0],
    [TWO_DECIMAL_CURRENCIES, 2],
    [THREE_DECIMAL_CURRENCIES, 3],
    [FOUR_DECIMAL_CURRENCIES, 4],
  ];
  for (const [codes, exponent] of groups) {
    for (const code of codes) {
      if (table.has(code)) throw new MoneyError(`Currency ${code} is listed twice in the exponent table.`);
      table.set(code, exponent);
    }
  }
  return table;
}

/** Currency code → number of decimal places of its minor unit. */
export const CURRENCY_EXPONENTS: ReadonlyMap<string, number> = buildExponentTable();

/** Returns how many decimal places `currency` has; throws for a code we cannot count exactly. */
export function getCurrencyExponent(currency: string): number {
  const exponent = CURRENCY_EXPONENTS.get(currency);
  if (exponent === undefined) {
    const hint = currency !== currency.toUpperCase() ? ` Currency codes are upper case: did you mean "${currency.toUpperCase()}"?` : "";
    throw new MoneyError(
      `Unknown currency "${currency}": it is not an ISO 4217 code with a fixed number of decimal places ` +
        `(nor one of Shopify's extra codes), so Affable cannot count it exactly.${hint}`,
    );
  }
  return exponent;
}
