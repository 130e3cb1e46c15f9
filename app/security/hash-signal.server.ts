/**
 * Keyed hashes of risk signals (Part 8): comparable across orders, clicks, portal sessions, payout profiles and tax
 * forms, never reversible, and not guessable from a list of common values (the key is derived from the app secret).
 *
 * "ip" and "ua" hash exactly like click tracking always has (record-click.server.ts hashVisitorSignal, key "ip-hash"),
 * so an order's browser IP meets a click's and a portal session's. Callers pass values ALREADY NORMALISED by
 * app/domain/fraud/normalize-identity.ts (emails, phones, addresses, payout destinations, TINs); the kind prefix keeps
 * equal strings of different kinds from hashing alike.
 */
import { createHmac } from "node:crypto";
import { deriveKey } from "./derive-key.server";

export type SignalKind = "ip" | "ua" | "device" | "email" | "phone" | "address" | "payout-destination" | "tin";

export function hashSignal(kind: SignalKind, normalisedValue: string, key: Buffer = deriveKey("ip-hash")): string {
  return createHmac("sha256", key).update(`${kind}:${normalisedValue}`).digest("hex");
}

/** hashSignal for an optional value: null (and empty after trimming) stays null. */
export function hashOptionalSignal(kind: SignalKind, normalisedValue: string | null | undefined, key?: Buffer): string | null {
  if (normalisedValue === null || normalisedValue === undefined || normalisedValue.trim() === "") return null;
  return hashSignal(kind, normalisedValue, key);
}
