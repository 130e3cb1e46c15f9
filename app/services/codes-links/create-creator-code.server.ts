/**
 * Gives a creator a Shopify discount code. Nothing is ever half-created:
 * 1. the code text is chosen (custom, or from the program's pattern with suffixes 2, 3, … until free in Shopify's
 *    code namespace and in our table),
 * 2. Shopify creates the discount — if it refuses, nothing is written anywhere,
 * 3. our row and its AuditEvent are inserted in one transaction — if that fails (e.g. a concurrent request took the
 *    code), the Shopify discount is deleted again (compensation) and the merchant is told.
 */
import { randomInt } from "node:crypto";
import type { Database } from "../../db.server";
import { addCollisionSuffix, renderCodePattern, validateCodeText } from "../../domain/codes";
import { findCodeByText, findCreatorInShop } from "../../repositories/creator-code-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import { ShopifyAdminError, type AdminGraphqlClient } from "../../shopify/admin-client.server";
import {
  createShopifyCodeDiscount,
  deleteShopifyCodeDiscount,
  findShopifyCodeDiscountByCode,
  type ShopifyCodeDiscount,
} from "../../shopify/discounts.server";
import {
  codeValueLimits,
  defaultDiscountSettings,
  discountTitle,
  fail,
  storeCreatorCode,
  toShopifyInput,
  validateDiscountSettings,
  withShopifyErrors,
  type CodeDiscountSettings,
  type CodeError,
} from "./creator-code-support.server";
import { loadProgramSettings } from "../program/program-settings.server";

export type { CodeDiscountSettings } from "./creator-code-support.server";

export interface CreatorCodeDeps {
  db: Database;
  admin: AdminGraphqlClient;
  /** Tests pin these; production uses the clock and crypto. */
  now?: () => Date;
  random4?: () => string;
}

/** How many suffixes to try (MAYA15, MAYA152 … MAYA1520) before asking the merchant for a code. */
const MAX_CODE_ATTEMPTS = 20;
const RANDOM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function randomFour(): string {
  return Array.from({ length: 4 }, () => RANDOM_ALPHABET[randomInt(RANDOM_ALPHABET.length)]).join("");
}

type CodeChoice = { ok: true; code: string } | { ok: false; errors: CodeError[] };

async function describeTakenCode(deps: CreatorCodeDeps, shop: string, code: string): Promise<string | null> {
  const ours = await findCodeByText(deps.db, shop, code);
  if (ours) {
    const owner = await findCreatorInShop(deps.db, shop, ours.creatorId);
    return `The code ${code} already belongs to ${owner?.name ?? "another creator"} in Affable — pick another code.`;
  }
  const existing = await findShopifyCodeDiscountByCode(deps.admin, code);
  return existing ? `The code ${code} is already used by another discount in your store — pick another code.` : null;
}

async function chooseCode(deps: CreatorCodeDeps, shop: string, creator: { handle: string; name: string }, pattern: string, custom?: string): Promise<CodeChoice> {
  if (custom !== undefined && custom.trim() !== "") {
    const checked = validateCodeText(custom);
    if (!checked.ok) return fail(checked.message, "code");
    const taken = await describeTakenCode(deps, shop, checked.code);
    return taken ? fail(taken, "code") : checked;
  }
  const rendered = renderCodePattern(pattern, creator, (deps.random4 ?? randomFour)());
  if (!rendered.ok) return fail(`The program's code pattern cannot make a code for ${creator.name}: ${rendered.message} Change it in Settings or type a code.`, "code");
  for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt += 1) {
    const candidate = addCollisionSuffix(rendered.code, attempt);
    if ((await describeTakenCode(deps, shop, candidate)) === null) return { ok: true, code: candidate };
  }
  return fail(`${rendered.code} and ${MAX_CODE_ATTEMPTS - 1} variations of it are all taken. Type a code for ${creator.name}.`, "code");
}

/**
 * After Shopify failed to answer a create, the discount may exist anyway (the request reached Shopify, the answer
 * got lost). Remove it if it is ours, so a code never lives in Shopify without a row here.
 */
async function removeOrphan(admin: AdminGraphqlClient, code: string, title: string): Promise<string | null> {
  try {
    const orphan = await findShopifyCodeDiscountByCode(admin, code);
    if (!orphan || orphan.title !== title) return null;
    const deleted = await deleteShopifyCodeDiscount(admin, orphan.id);
    return deleted.ok ? null : `Also check Shopify › Discounts for ${code}: Affable could not remove it (${deleted.errors[0]?.message}).`;
  } catch {
    return `Also check Shopify › Discounts for ${code}: it may have been created, and Affable could not check.`;
  }
}

async function compensate(admin: AdminGraphqlClient, discount: ShopifyCodeDiscount): Promise<string> {
  try {
    const deleted = await deleteShopifyCodeDiscount(admin, discount.id);
    if (deleted.ok) return "Nothing was kept: the discount Affable had just created in Shopify was removed again.";
    return `Delete ${discount.code ?? "the code"} in Shopify › Discounts by hand: Affable could not remove it (${deleted.errors[0]?.message}).`;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return `Delete ${discount.code ?? "the code"} in Shopify › Discounts by hand: Affable could not remove it (${reason}).`;
  }
}

export async function createCreatorCode(
  deps: { db: Database; admin: AdminGraphqlClient } & Pick<CreatorCodeDeps, "now" | "random4">,
  input: { shop: string; creatorId: string; actor: string; code?: string; discount?: Partial<CodeDiscountSettings> },
): Promise<{ ok: true; codeId: string; code: string } | { ok: false; errors: Array<{ field?: string; message: string }> }> {
  const { db, admin } = deps;
  const creator = await findCreatorInShop(db, input.shop, input.creatorId);
  if (!creator) return fail("This creator does not exist in your shop (it may have been deleted). Reload the page.");
  const settings = await loadProgramSettings(db, input.shop);
  const now = (deps.now ?? (() => new Date()))();
  const discount: CodeDiscountSettings = { ...defaultDiscountSettings(settings, now), ...input.discount };
  const invalid = validateDiscountSettings(discount, codeValueLimits(settings));
  if (invalid.length > 0) return { ok: false, errors: invalid };

  return withShopifyErrors(async () => {
    // A code typed now wins; then the one asked for at import; then the program's pattern.
    const choice = await chooseCode(deps, input.shop, creator, settings.codePattern, input.code ?? creator.requestedCode ?? undefined);
    if (!choice.ok) return choice;
    const title = discountTitle(creator.name);
    const shopifyInput = toShopifyInput(title, choice.code, discount, settings.currency);

    let created;
    try {
      created = await createShopifyCodeDiscount(admin, shopifyInput);
    } catch (error) {
      if (!(error instanceof ShopifyAdminError)) throw error;
      const cleanup = await removeOrphan(admin, choice.code, title);
      return fail(`${error.message}${cleanup ? ` ${cleanup}` : " Nothing was created."}`);
    }
    if (!created.ok) return { ok: false as const, errors: created.errors.map(({ field, message }) => ({ ...(field ? { field } : {}), message })) };

    const shopifyDiscount = created.value;
    try {
      const row = await storeCreatorCode(db, {
        shop: input.shop,
        creatorId: creator.id,
        actor: input.actor,
        code: choice.code,
        discount: shopifyDiscount,
        currency: settings.currency,
        linkedExisting: false,
        now,
      });
      return { ok: true as const, codeId: row.id, code: row.code };
    } catch (error) {
      const cleanup = await compensate(admin, shopifyDiscount);
      if (isUniqueViolation(error)) return fail(`The code ${choice.code} was taken by another request at the same moment. ${cleanup} Try again.`, "code");
      const reason = error instanceof Error ? error.message : String(error);
      return fail(`Affable could not save the code ${choice.code} (${reason}). ${cleanup}`);
    }
  });
}
