/**
 * IBAN and BIC checks for bank files and the forms that collect them, with ibantools (the well-kept library:
 * per-country BBAN length and format, the ISO 7064 mod-97 check digits, and national account checksums).
 * Answers say what is wrong in words a merchant or creator can act on.
 */
import { electronicFormatIBAN, isSEPACountry, isValidBIC, validateIBAN, ValidationErrorsIBAN } from "ibantools";

export type IbanCheck = { ok: true; iban: string; country: string } | { ok: false; message: string };

export function checkIban(input: string, options: { sepaOnly?: boolean } = {}): IbanCheck {
  const iban = electronicFormatIBAN(input.trim()) ?? "";
  if (iban === "") return { ok: false, message: "Enter the IBAN (for example DE89 3704 0044 0532 0130 00)." };
  const result = validateIBAN(iban, { allowQRIBAN: false });
  if (!result.valid) {
    const code = result.errorCodes[0];
    const reason =
      code === ValidationErrorsIBAN.NoIBANCountry ? `it does not start with a country that uses IBANs ("${iban.slice(0, 2)}")`
      : code === ValidationErrorsIBAN.WrongBBANLength ? `it has the wrong number of characters for ${iban.slice(0, 2)}`
      : code === ValidationErrorsIBAN.WrongIBANChecksum || code === ValidationErrorsIBAN.ChecksumNotNumber ? "its check digits do not match (a typo?)"
      : code === ValidationErrorsIBAN.WrongAccountBankBranchChecksum ? "its account number's own check digit does not match (a typo?)"
      : code === ValidationErrorsIBAN.QRIBANNotAllowed ? "it is a QR-IBAN, which only receives QR-bill payments"
      : "its account part is not in the format that country uses";
    return { ok: false, message: `This IBAN is not valid: ${reason}. Copy it again from the bank statement.` };
  }
  const country = iban.slice(0, 2);
  if (options.sepaOnly && !isSEPACountry(country)) {
    return { ok: false, message: `This IBAN is from ${country}, which is outside SEPA: a SEPA transfer cannot reach it. Use another method for this creator.` };
  }
  return { ok: true, iban, country };
}

export type BicCheck = { ok: true; bic: string } | { ok: false; message: string };

export function checkBic(input: string): BicCheck {
  const bic = input.replace(/\s+/g, "").toUpperCase();
  if (!isValidBIC(bic)) return { ok: false, message: "This BIC is not valid: it has 8 or 11 letters and digits, like COBADEFFXXX. Leave it empty if you do not know it." };
  return { ok: true, bic };
}
