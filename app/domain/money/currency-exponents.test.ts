import { describe, expect, it } from "vitest";
import { CURRENCY_EXPONENTS, getCurrencyExponent } from "./currency-exponents";

// Every code in Shopify's Admin API CurrencyCode enum (legacy and non-ISO codes included), except XXX.
const SHOPIFY_CURRENCY_CODES = (
  "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BYR BZD CAD " +
  "CDF CHF CLP CNY COP CRC CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD " +
  "HNL HRK HTG HUF IDR ILS INR IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KID KMF KRW KWD KYD KZT LAK LBP LKR LRD " +
  "LSL LTL LVL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN " +
  "PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL SOS SRD SSP STD STN SYP SZL THB TJS " +
  "TMT TND TOP TRY TTD TWD TZS UAH UGX USD USDC UYU UZS VED VEF VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW"
).split(" ");

describe("getCurrencyExponent", () => {
  it.each([
    { currency: "USD", exponent: 2 },
    { currency: "EUR", exponent: 2 },
    { currency: "GBP", exponent: 2 },
    { currency: "HUF", exponent: 2 },
    { currency: "TWD", exponent: 2 },
    { currency: "IDR", exponent: 2 },
    { currency: "JPY", exponent: 0 },
    { currency: "KRW", exponent: 0 },
    { currency: "VND", exponent: 0 },
    { currency: "CLP", exponent: 0 },
    { currency: "ISK", exponent: 0 },
    { currency: "UGX", exponent: 0 },
    { currency: "XOF", exponent: 0 },
    { currency: "KWD", exponent: 3 },
    { currency: "BHD", exponent: 3 },
    { currency: "JOD", exponent: 3 },
    { currency: "OMR", exponent: 3 },
    { currency: "TND", exponent: 3 },
    { currency: "LYD", exponent: 3 },
    { currency: "IQD", exponent: 3 },
    { currency: "CLF", exponent: 4 },
  ])("$currency has $exponent decimal places", ({ currency, exponent }) => {
    expect(getCurrencyExponent(currency)).toBe(exponent);
  });

  it("knows every currency code Shopify can send", () => {
    expect(SHOPIFY_CURRENCY_CODES.filter((currency) => !CURRENCY_EXPONENTS.has(currency))).toEqual([]);
  });

  it.each([
    { label: "made-up code", currency: "ABC" },
    { label: "no currency", currency: "XXX" },
    { label: "gold (no minor unit)", currency: "XAU" },
    { label: "lower case", currency: "usd" },
    { label: "empty", currency: "" },
  ])("refuses $label ($currency)", ({ currency }) => {
    expect(() => getCurrencyExponent(currency)).toThrow(/Unknown currency/);
  });
});
