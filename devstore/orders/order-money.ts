/**
 * Exact money for the devstore's orders: integer minor units (bigint) per ISO currency, decimal strings with the
 * currency's own exponent at the edges (JPY "1250", USD "12.50", KWD "1.250"), and a largest-remainder `allocate`
 * so that splits (discounts over lines, refunds over units) never lose or invent a minor unit. No floats anywhere.
 */

/** ISO 4217 minor-unit exponents that are not 2 (the ones a shop or a presentment currency may plausibly use). */
const EXPONENTS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
};

export function currencyExponent(currency: string): number {
  return EXPONENTS[currency.toUpperCase()] ?? 2;
}

/** A decimal string as an exact fraction: "0.0625" → { numerator: 625n, denominator: 10000n }. */
export interface Ratio {
  numerator: bigint;
  denominator: bigint;
}

export function parseRatio(text: string): Ratio {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a decimal number such as 0.15.`);
  const fraction = match[3] ?? "";
  const magnitude = BigInt(`${match[2] ?? "0"}${fraction}`);
  return { numerator: match[1] === "-" ? -magnitude : magnitude, denominator: 10n ** BigInt(fraction.length) };
}

/** A JS number that is really a short decimal (Shopify's percentage 0.15) as an exact ratio, via its shortest spelling. */
export function ratioFromNumber(value: number): Ratio {
  // String(0.15) is "0.15": JS prints the shortest decimal that reads back as the same double, which is the decimal
  // Shopify meant. Exponent spellings (1e-7) are not percentages anyone sets.
  const text = String(value);
  if (!Number.isFinite(value) || text.includes("e")) throw new Error(`${text} is not a decimal fraction such as 0.15.`);
  return parseRatio(text);
}

/**
 * "12.50" in USD → 1250n. More digits than the currency has are accepted only when they are zeros ("38.00" JPY → 38n),
 * so a catalogue price written with cents still reads in a zero-decimal currency, but nothing is ever rounded away.
 */
export function parseMinor(text: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a decimal amount such as 24.00.`);
  const fraction = match[3] ?? "";
  const kept = fraction.slice(0, exponent).padEnd(exponent, "0");
  if (/[^0]/.test(fraction.slice(exponent))) {
    throw new Error(`${text} ${currency} has more decimals than ${currency} allows (${exponent}).`);
  }
  const magnitude = BigInt(`${match[2] ?? "0"}${kept}`);
  return match[1] === "-" ? -magnitude : magnitude;
}

/** 1250n USD → "12.50"; 1250n JPY → "1250"; 1250n KWD → "1.250". */
export function formatMinor(amount: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = amount < 0n;
  const digits = (negative ? -amount : amount).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** numerator / denominator rounded half away from zero (Shopify's rounding for tax and percentages). */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new Error("Division by zero in an order amount.");
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const rounded = (2n * n + d) / (2n * d);
  return negative ? -rounded : rounded;
}

/** amount × ratio, rounded half away from zero. */
export function multiplyRounded(amount: bigint, ratio: Ratio): bigint {
  return divideRounded(amount * ratio.numerator, ratio.denominator);
}

/**
 * Splits `total` over `weights` in proportion, largest remainder first (ties to the earlier weight), so the parts
 * always sum to `total` exactly. All-zero weights split evenly.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  if (weights.length === 0) return [];
  if (weights.some((weight) => weight < 0n)) throw new Error("allocate() takes non-negative weights.");
  const effective = weights.every((weight) => weight === 0n) ? weights.map(() => 1n) : weights;
  const sum = effective.reduce((left, right) => left + right, 0n);
  const negative = total < 0n;
  const magnitude = negative ? -total : total;
  const parts = effective.map((weight) => (magnitude * weight) / sum);
  const remainders = effective.map((weight, index) => ({ index, remainder: (magnitude * weight) % sum }));
  let left = magnitude - parts.reduce((acc, part) => acc + part, 0n);
  remainders.sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const { index } of remainders) {
    if (left === 0n) break;
    parts[index] = (parts[index] ?? 0n) + 1n;
    left -= 1n;
  }
  return negative ? parts.map((part) => -part) : parts;
}

export function sumMinor(amounts: readonly bigint[]): bigint {
  return amounts.reduce((left, right) => left + right, 0n);
}

/** Converts shop money to presentment money at a fixed rate (1 shop unit = `rate` presentment units), rounded. */
export function convertMinor(amount: bigint, from: string, to: string, rate: Ratio): bigint {
  if (from === to) return amount;
  const scale = 10n ** BigInt(currencyExponent(to));
  const unscale = 10n ** BigInt(currencyExponent(from));
  return divideRounded(amount * rate.numerator * scale, rate.denominator * unscale);
}
