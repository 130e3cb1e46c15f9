/**
 * Before a run pays by store credit or gift card: does the app hold the access scopes those calls need? Asked once
 * (currentAppInstallation.accessScopes needs no scope), answered in the merchant's words, so a run is held back
 * with an explanation instead of failing item after item. write_gift_cards is granted by Shopify only after it
 * approves the app's request; a shop without it simply cannot pay in gift cards.
 */
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import { runAdminQuery, type AdminGraphqlClient } from "../../../shopify/admin-client.server";

export const PAYOUT_SCOPES: Readonly<Partial<Record<PayoutRunMethod, readonly string[]>>> = {
  store_credit: ["read_customers", "write_customers", "read_store_credit_accounts", "read_store_credit_account_transactions", "write_store_credit_account_transactions"],
  gift_card: ["read_customers", "write_customers", "read_gift_cards", "write_gift_cards"],
};

export type MissingPayoutScope = { method: PayoutRunMethod; scopes: string[]; explanation: string };

const ACCESS_SCOPES = `#graphql
  query AffableAccessScopes {
    currentAppInstallation { accessScopes { handle } }
  }
`;

/** A write_ scope includes its read_ scope (Shopify reports only the write one). */
export function holdsScope(granted: readonly string[], required: string): boolean {
  if (granted.includes(required)) return true;
  return required.startsWith("read_") && granted.includes(`write_${required.slice("read_".length)}`);
}

export function findMissingPayoutScopes(granted: readonly string[], methods: readonly PayoutRunMethod[]): MissingPayoutScope[] {
  const missing: MissingPayoutScope[] = [];
  for (const method of [...new Set(methods)]) {
    const scopes = (PAYOUT_SCOPES[method] ?? []).filter((scope) => !holdsScope(granted, scope));
    if (scopes.length > 0) missing.push({ method, scopes, explanation: explainMissing(method, scopes) });
  }
  return missing;
}

function explainMissing(method: PayoutRunMethod, scopes: string[]): string {
  if (method === "gift_card" && scopes.some((scope) => scope.endsWith("_gift_cards"))) {
    return "Affable cannot create gift cards in this shop: Shopify has not granted it the gift card permission (write_gift_cards), " +
      "which Shopify gives only after reviewing the app's request. Until then, pay these creators by store credit, PayPal or bank transfer; " +
      "their commissions stay owed.";
  }
  if (method === "store_credit") {
    return `Affable cannot pay store credit yet: it lacks Shopify's permission${scopes.length === 1 ? "" : "s"} ${scopes.join(", ")}. ` +
      "Open Affable from Shopify admin and approve the updated permissions, then run the payout again.";
  }
  return `Affable lacks Shopify's permission${scopes.length === 1 ? "" : "s"} ${scopes.join(", ")} for ${method.replace("_", " ")} payouts. ` +
    "Approve the app's updated permissions in Shopify admin, then run the payout again.";
}

/** What is missing for these methods (empty when everything is granted). */
export async function checkPayoutScopes(admin: AdminGraphqlClient, methods: readonly PayoutRunMethod[] = ["store_credit", "gift_card"]): Promise<MissingPayoutScope[]> {
  const data = await runAdminQuery<{ currentAppInstallation: { accessScopes: { handle: string }[] } }>(admin, "reading Affable's permissions", ACCESS_SCOPES);
  return findMissingPayoutScopes(data.currentAppInstallation.accessScopes.map((scope) => scope.handle), methods);
}
