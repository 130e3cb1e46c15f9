/**
 * Gift cards in Admin GraphQL: `giftCard` / `giftCards` (`read_gift_cards`), `giftCardCreate` and
 * `giftCardSendNotificationToCustomer` (`write_gift_cards`, a scope Shopify grants only after reviewing the app; the
 * devstore withholds it unless DEVSTORE_APPROVED_SCOPES grants it). As on Shopify, the full code is answered only by
 * giftCardCreate (`giftCardCode`); reads show the last four characters. Codes are unique case-insensitively.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { allocateId } from "../../state/allocate-id.ts";
import { parseGid, toGid } from "../../state/shopify-gid.ts";
import type { DevstoreState, GiftCardRecord, ReadonlyDeep } from "../../state/state-schema.ts";
import { formatMinor, parseMinor } from "../../orders/order-money.ts";
import { recordShopMail } from "../../mail/record-shop-mail.ts";
import type { AdminApiContext } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";
import { matchesSearchQuery, type SearchDefinition } from "../match-search-query.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { presentCustomer } from "../present/present-customer.ts";
import type { RootResolver } from "../query-root.ts";
import { requireScope } from "../require-scope.ts";

type GiftCardView = ReadonlyDeep<GiftCardRecord>;
type GiftCardUserError = { field: string[] | null; message: string; code: string | null };

/** The most one gift card may start with, in the shop currency (Shopify: MAX_INITIAL_VALUE_EXCEEDED). */
export const MAX_GIFT_CARD_INITIAL_VALUE = "10000.00";

const createArgs = z.object({
  input: z.object({
    initialValue: z.string(),
    code: z.string().nullish(),
    customerId: z.string().nullish(),
    expiresOn: z.string().nullish(),
    note: z.string().nullish(),
    recipientAttributes: z.unknown().nullish(),
    templateSuffix: z.string().nullish(),
  }),
});
const idArgs = z.object({ id: z.string() });
const listArgs = connectionArgsSchema.extend({ query: z.string().nullish(), sortKey: z.string().nullish() });

const giftCardSearch: SearchDefinition<GiftCardView> = {
  fields: {
    id: { kind: "number", read: (card) => card.id },
    customer_id: { kind: "number", read: (card) => card.customerId ?? 0 },
    created_at: { kind: "date", read: (card) => card.createdAt },
    status: { kind: "text", read: (card) => (card.enabled ? "enabled" : "disabled") },
    balance_status: { kind: "text", read: (card) => balanceStatus(card) },
  },
  // Shopify's free text finds a card by its whole code.
  freeText: (card) => [card.code],
};

function balanceStatus(card: GiftCardView): string {
  const balance = parseMinor(card.balance, card.currencyCode);
  if (balance === 0n) return "empty";
  return balance === parseMinor(card.initialValue, card.currencyCode) ? "full" : "partial";
}

export function lastCharactersOf(code: string): string {
  return code.slice(-4).toLowerCase();
}

export function presentGiftCard(card: GiftCardView, context: AdminApiContext) {
  const money = (value: string) => ({ amount: toShopifyDecimal(value), currencyCode: card.currencyCode });
  return {
    __typename: "GiftCard" as const,
    id: toGid("GiftCard", card.id),
    lastCharacters: lastCharactersOf(card.code),
    maskedCode: `•••• •••• •••• ${lastCharactersOf(card.code)}`,
    balance: money(card.balance),
    initialValue: money(card.initialValue),
    customer: () => {
      const customer = context.state.customers.find((candidate) => candidate.id === card.customerId);
      return customer ? presentCustomer(customer, context) : null;
    },
    note: card.note,
    expiresOn: card.expiresOn,
    enabled: card.enabled,
    deactivatedAt: null,
    createdAt: card.createdAt,
    updatedAt: card.updatedAt,
  };
}

/** A gift card by code, case-insensitively (the checkout and the code-taken check). */
export function findGiftCardByCode<Card extends { code: string }>(cards: readonly Card[], code: string): Card | undefined {
  const wanted = code.replace(/\s+/g, "").toLowerCase();
  return cards.find((card) => card.code.toLowerCase() === wanted);
}

export const giftCardQueryResolvers: Record<string, RootResolver> = {
  giftCard: (_source, args, context, info) => {
    requireScope(context, "read_gift_cards", info.fieldName);
    const gid = parseGid(idArgs.parse(args).id);
    const card = gid?.type === "GiftCard" ? context.state.giftCards.find((candidate) => candidate.id === gid.id) : undefined;
    return card ? presentGiftCard(card, context) : null;
  },
  giftCards: (_source, args, context, info) => {
    requireScope(context, "read_gift_cards", info.fieldName);
    const parsed = listArgs.parse(args);
    const items = context.state.giftCards
      .filter((card) => matchesSearchQuery(parsed.query, card, giftCardSearch))
      .map((card) => ({ id: card.id, sortValue: card.id, card }));
    return paginateConnection(items, parsed, (item) => presentGiftCard(item.card, context));
  },
};

type CreateOutcome = { ok: true; card: GiftCardRecord } | { ok: false; userErrors: GiftCardUserError[] };

export function createGiftCard(draft: DevstoreState, input: z.infer<typeof createArgs>["input"], now: Date): CreateOutcome {
  const fail = (code: string, field: string[], message: string): CreateOutcome => ({ ok: false, userErrors: [{ code, field, message }] });
  const currency = draft.shop.currencyCode;
  let initial: bigint;
  try {
    initial = parseMinor(input.initialValue, currency);
  } catch {
    return fail("INVALID", ["input", "initialValue"], `Initial value has more decimals than ${currency} allows.`);
  }
  if (initial <= 0n) return fail("GREATER_THAN", ["input", "initialValue"], "Initial value must be greater than 0");
  if (initial > parseMinor(MAX_GIFT_CARD_INITIAL_VALUE, currency)) {
    return fail("MAX_INITIAL_VALUE_EXCEEDED", ["input", "initialValue"], `Initial value must be at most ${MAX_GIFT_CARD_INITIAL_VALUE} ${currency}`);
  }
  let code = input.code?.replace(/\s+/g, "") ?? null;
  if (code !== null) {
    if (code.length < 8) return fail("TOO_SHORT", ["input", "code"], "Code is too short (minimum is 8 characters)");
    if (code.length > 20) return fail("TOO_LONG", ["input", "code"], "Code is too long (maximum is 20 characters)");
    if (!/^[a-z0-9]+$/i.test(code)) return fail("INVALID", ["input", "code"], "Code can only contain letters (a-z) and numbers (0-9)");
    if (findGiftCardByCode(draft.giftCards, code)) return fail("TAKEN", ["input", "code"], "Code has already been taken");
  } else {
    do code = randomBytes(12).toString("hex").slice(0, 16);
    while (findGiftCardByCode(draft.giftCards, code));
  }
  let customerId: number | null = null;
  if (input.customerId) {
    const gid = parseGid(input.customerId);
    const customer = gid?.type === "Customer" ? draft.customers.find((candidate) => candidate.id === gid.id) : undefined;
    if (!customer) return fail("CUSTOMER_NOT_FOUND", ["input", "customerId"], "Customer could not be found");
    customerId = customer.id;
  }
  if (input.expiresOn) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(input.expiresOn)) return fail("INVALID", ["input", "expiresOn"], "Expires on is not a date (YYYY-MM-DD)");
    if (input.expiresOn <= now.toISOString().slice(0, 10)) return fail("INVALID", ["input", "expiresOn"], "Expires on must be in the future");
  }
  const timestamp = now.toISOString();
  const card: GiftCardRecord = {
    id: allocateId(draft),
    code: code.toLowerCase(),
    currencyCode: currency,
    initialValue: formatMinor(initial, currency),
    balance: formatMinor(initial, currency),
    customerId,
    note: input.note ?? null,
    expiresOn: input.expiresOn ?? null,
    enabled: true,
    notifiedAt: [],
    usages: [],
    createdAt: timestamp,
    updatedAt: timestamp,
  };
  draft.giftCards.push(card);
  return { ok: true, card };
}

export const giftCardMutationResolvers: Record<string, RootResolver> = {
  giftCardCreate: (_source, args, context, info) => {
    requireScope(context, "write_gift_cards", info.fieldName);
    if (context.failingOperations.has(info.fieldName)) {
      return { giftCard: null, giftCardCode: null, userErrors: [{ field: null, code: "INTERNAL_ERROR", message: `The devstore was told to fail the next ${info.fieldName}; nothing was changed.` }] };
    }
    const input = createArgs.parse(args).input;
    const outcome = refusable(context, (draft) => createGiftCard(draft, input, context.now));
    if (!outcome.ok) return { giftCard: null, giftCardCode: null, userErrors: outcome.userErrors };
    return { giftCard: presentGiftCard(outcome.card, context), giftCardCode: outcome.card.code, userErrors: [] };
  },

  giftCardSendNotificationToCustomer: (_source, args, context, info) => {
    requireScope(context, "write_gift_cards", info.fieldName);
    const id = idArgs.parse(args).id;
    type SendOutcome = { ok: true; card: GiftCardRecord } | { ok: false; userErrors: GiftCardUserError[] };
    const outcome = refusable<SendOutcome>(context, (draft) => {
      const gid = parseGid(id);
      const card = gid?.type === "GiftCard" ? draft.giftCards.find((candidate) => candidate.id === gid.id) : undefined;
      if (!card) return { ok: false, userErrors: [{ field: ["id"], code: "GIFT_CARD_NOT_FOUND", message: "The gift card could not be found." }] };
      const customer = draft.customers.find((candidate) => candidate.id === card.customerId);
      if (!customer) return { ok: false, userErrors: [{ field: ["id"], code: "CUSTOMER_NOT_FOUND", message: "The gift card has no customer to notify." }] };
      if (!customer.email) return { ok: false, userErrors: [{ field: ["id"], code: "INVALID", message: "The customer has no email address or phone number." }] };
      recordShopMail(
        draft,
        {
          to: customer.email,
          subject: `Your ${formatMinor(parseMinor(card.balance, card.currencyCode), card.currencyCode)} ${card.currencyCode} gift card for ${draft.shop.name}`,
          text: [
            `Hi ${customer.firstName || customer.email},`,
            `Here is your gift card for ${draft.shop.name}: ${card.balance} ${card.currencyCode}.`,
            `Gift card code: ${card.code.toUpperCase().replace(/(.{4})(?=.)/g, "$1 ")}`,
            card.expiresOn ? `It expires on ${card.expiresOn}.` : "It does not expire.",
            "Enter the code at checkout to use it.",
          ].join("\n\n"),
        },
        context.now,
      );
      card.notifiedAt.push(context.now.toISOString());
      return { ok: true, card };
    });
    if (!outcome.ok) return { giftCard: null, userErrors: outcome.userErrors };
    return { giftCard: presentGiftCard(outcome.card, context), userErrors: [] };
  },
};

/** Runs a change that may answer userErrors; a refused one is not persisted (not even the id counter). */
function refusable<Outcome extends { ok: boolean }>(context: AdminApiContext, change: (draft: DevstoreState) => Outcome): Outcome {
  const refused: { outcome: Outcome | null } = { outcome: null };
  try {
    return context.updateState((draft) => {
      const result = change(draft);
      if (!result.ok) {
        refused.outcome = result;
        throw refused;
      }
      return result;
    });
  } catch (error) {
    if (error === refused && refused.outcome) return refused.outcome;
    throw error;
  }
}
