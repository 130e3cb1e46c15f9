/**
 * Minor-unit amounts leave the API as JSON integers. Every real amount is far below 2^53; one that is not is a
 * bug upstream, so it fails loudly instead of being rounded by a JSON reader.
 */
export function toJsonMinor(amountMinor: bigint): number {
  if (amountMinor > BigInt(Number.MAX_SAFE_INTEGER) || amountMinor < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError(`Amount ${amountMinor} is beyond what JSON integers carry exactly.`);
  }
  return Number(amountMinor);
}
