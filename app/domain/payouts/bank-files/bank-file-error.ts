/** A bank file cannot be built from this input; the message names the field and says what to change. */
export class BankFileError extends Error {
  override name = "BankFileError";
}
