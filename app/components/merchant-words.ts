/**
 * The merchant's words for what Affable stores in its own: who acted ("staff:<user id>", "system", "api:<key id>"),
 * what happened ("discount_code.created"), and the attribution sentences the domain writes with creator ids and
 * precedence keys ("Credited to creator ck… (code_first: …)"). Stored rows keep the exact internal values (audit
 * trails must not change); pages translate them here, so old rows read as well as new ones.
 */

export interface ActorContext {
  /** The actor string of the staff member viewing the page (readStaffActor), so their own actions read "You". */
  viewer?: string;
  /** API key names by key id, for actions taken through the public API. */
  apiKeyNames?: Readonly<Record<string, string>>;
}

/** "You", "A staff member", "Affable (automatic)", "Shopify (order update)", "API key “Warehouse”". */
export function describeActor(actor: string, context: ActorContext = {}): string {
  if (actor === "system") return "Affable (automatic)";
  if (actor === "system:risk") return "Affable's fraud rules";
  if (actor === "webhook") return "Shopify (order update)";
  if (actor.startsWith("staff:")) {
    if (context.viewer !== undefined && actor === context.viewer && actor !== "staff:unknown") return "You";
    // The Shopify user id is all a session token tells Affable; it is not a name a merchant recognises.
    return "A staff member";
  }
  if (actor.startsWith("api:")) {
    const name = context.apiKeyNames?.[actor.slice("api:".length)];
    return name ? `API key “${name}”` : "An API key (since revoked or deleted)";
  }
  if (actor.startsWith("creator:") || actor === "creator") return "The creator";
  return "Affable";
}

type Details = Readonly<Record<string, unknown>>;

const text = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : null);

const STATUS_WORDS: Readonly<Record<string, string>> = {
  invited: "Invited",
  pending: "Pending review",
  approved: "Approved",
  paused: "Paused",
  rejected: "Rejected",
};

const statusWord = (value: unknown): string => STATUS_WORDS[String(value)] ?? String(value);

const withCode = (sentence: string, details: Details) => (text(details.code) ? `${sentence} ${text(details.code)}` : sentence);

const AUDIT_ACTIONS: Readonly<Record<string, (details: Details) => string>> = {
  "creator.created": () => "Added in the admin",
  "creator.imported": (details) => (text(details.requestedCode) ? `Imported from a CSV, asking for the code ${text(details.requestedCode)}` : "Imported from a CSV"),
  "creator.applied": () => "Applied through the storefront",
  "creator.updated": () => "Details edited",
  "creator.status_changed": (details) => `Status changed from ${statusWord(details.from)} to ${statusWord(details.to)}`,
  "creator.customer_linked": () => "Linked to their customer account when signing in to the portal",
  "creator.payout_details_change_requested": () => "Asked in the portal to change how they are paid (applies once confirmed from their email)",
  "creator.payout_details_changed": (details) =>
    text(details.from) ? `Payout details changed from “${text(details.from)}” to “${text(details.to)}”` : `Payout details set: ${text(details.to)}`,
  "creator.payout_details_approved": () => "Changed payout details approved",
  "creator.tax_form_signed": (details) => `${details.kind === "w9" ? "W-9" : "W-8BEN"} signed in the portal`,
  "discount_code.created": (details) => withCode("Discount code created:", details),
  "discount_code.linked": (details) => withCode("Existing Shopify discount code linked:", details),
  "discount_code.updated": (details) => withCode("Discount code changed:", details),
  "discount_code.deactivated": (details) => withCode("Discount code turned off:", details),
  "discount_code.reactivated": (details) => withCode("Discount code turned back on:", details),
  "discount_code.deleted": (details) => withCode("Discount code deleted:", details),
  "referral_link.created": (details) => (text(details.path) ? `Referral link added for ${text(details.path)}` : "Referral link added"),
  "referral_link.deleted": (details) => (text(details.path) ? `Referral link removed for ${text(details.path)}` : "Referral link removed"),
  "customer_referral.created": () => "A customer was linked to this creator for life",
  "payout.recorded": () => "Payout recorded",
  "commission.reversed": () => "Commission reversed",
  "commissions.auto_approved": () => "Commissions approved automatically after the holding period",
  approve: () => "Commission approved",
  hold: () => "Commission put on hold",
  release: () => "Commission released from hold",
  reverse: () => "Commission reversed",
  "program_settings.updated": () => "Program settings saved",
  "api_key.created": () => "API key created",
  "api_key.revoked": () => "API key revoked",
  "webhook_event.replayed": () => "Webhook delivery replayed",
  "conversion.recorded": () => "Conversion recorded through the API",
  "data_request.created": () => "Customer data request received",
  "customer.redacted": () => "Customer data erased",
  "shop.redacted": () => "Store data erased",
  "risk_flag.opened": () => "Flagged by a fraud rule",
  "risk_flag.held": () => "Commissions put on hold for review",
  "risk_flag.dismissed": () => "Dismissed: the rule skips this pattern for the creator",
  "risk_flag.released": () => "Released: the held commissions went back to the approval path",
  "risk_flag.reversed": () => "Reversed: the commissions were reversed (paid ones clawed back)",
  "risk_flag.pause_creator": () => "Creator paused from the flag",
  "risk_flag.rotate_code": (details) => (text(details.newCode) ? `Code rotated: the new code is ${text(details.newCode)}` : "Code rotated"),
  "fraud_settings.updated": () => "Fraud settings saved",
};

/** One audit event as a sentence; an action this list does not know yet reads as a generic change, never its key. */
export function describeAuditAction(action: string, details: Details = {}): string {
  return AUDIT_ACTIONS[action]?.(details) ?? "Changed";
}

const PRECEDENCE_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/code_first: a discount code beats a link/g, "your program credits a discount code before a link"],
  [/link_first: a link beats a discount code/g, "your program credits a link before a discount code"],
  [/last_touch: the most recent touch wins \(a code is entered at checkout, the latest moment\)/g, "your program credits the most recent touch; a code is entered at checkout, the latest moment"],
  [/\blanding_site ref\b/g, "referral link on the landing page"],
  [/\bcart ref\b/g, "referral link"],
  [/\bref\b/g, "referral link"],
];

/**
 * An attribution sentence as written by the domain ("Credited to creator ck12 by the discount code "X"
 * (code_first: …)") with each creator id replaced by the creator's name and the program's precedence key by what
 * it means. Ids of creators no longer in the shop read "a deleted creator".
 */
export function describeAttributionText(sentence: string, creatorNames: Readonly<Record<string, string>>): string {
  let result = sentence.replace(/\bcreator ([A-Za-z0-9_-]+)('s)?/g, (match, id: string, possessive: string | undefined) => {
    const name = creatorNames[id];
    // Ids are cuids (letters and digits); "creator who …" is an English sentence, left as it is.
    if (name === undefined) return /\d/.test(id) ? (possessive ? "a deleted creator's" : "a deleted creator") : match;
    return possessive ? `${name}'s` : name;
  });
  for (const [pattern, words] of PRECEDENCE_WORDS) result = result.replace(pattern, words);
  return result;
}

const GID_NOUNS: Readonly<Record<string, string>> = {
  LineItem: "a line item",
  Order: "the order",
  Product: "a product",
  ProductVariant: "a product variant",
  Collection: "a collection",
  Customer: "a customer",
  DiscountCodeNode: "a discount code",
  Refund: "a refund",
};

/**
 * A stored sentence (a ledger note, a derivation line, a delivery note) with every Shopify gid replaced by what the
 * merchant knows it as: `names[gid]` (a product title on the order line, the order's name) or else a plain noun, and
 * "rule version program-settings:v3" as "program settings version 3".
 */
export function describeShopifyIds(sentence: string, names: Readonly<Record<string, string>>): string {
  return sentence
    .replace(/\b(Line |line |order |product |collection )?(gid:\/\/shopify\/([A-Za-z]+)\/[A-Za-z0-9_-]+)/g, (_match, prefix: string | undefined, gid: string, type: string) => {
      const name = names[gid];
      if (name !== undefined) return `${prefix ?? ""}${name}`;
      return GID_NOUNS[type] ?? "a Shopify record";
    })
    .replace(/rule version program-settings:v(\d+)/g, "program settings version $1");
}
