/**
 * What the creator page shows in its codes and links cards, ready to serialize: money as formatted text, dates as
 * ISO strings, URLs already built. Pass the storefront host from `fetchStorefrontHosts(admin)` to show the shop's
 * primary domain; without it the myshopify domain (always valid) is used.
 */
import type { Database } from "../../db.server";
import { buildReferralUrl, buildShareableDiscountUrl } from "../../domain/links/build-referral-url";
import { formatDecimalAmount } from "../../domain/money";
import { formatPercentText } from "../../domain/program/percent-text";
import { findCreatorInShop, listCreatorCodes, listCreatorLinks } from "../../repositories/creator-code-repository.server";

export interface CreatorCodeView {
  id: string;
  code: string;
  status: "active" | "inactive" | "deleted";
  valueType: "percentage" | "fixed_amount";
  /** "15" (percent) or "10.00" (amount in `currency`), as typed in the edit form. */
  valueText: string;
  valueLabel: string;
  currency: string;
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  oncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  linkedExisting: boolean;
}

export interface CreatorLinkView {
  id: string;
  path: string;
  label: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  url: string;
  /** Shopify's shareable link that also applies the creator's first active code, when there is one. */
  discountUrl: string | null;
}

export interface CreatorCodesAndLinks {
  storefrontHost: string;
  homeUrl: string;
  codes: CreatorCodeView[];
  links: CreatorLinkView[];
}

const orNull = (value: string | null) => (value ? value : null);

export async function loadCreatorCodesAndLinks(db: Database, shop: string, creatorId: string, storefrontHost: string = shop): Promise<CreatorCodesAndLinks | null> {
  const creator = await findCreatorInShop(db, shop, creatorId);
  if (!creator) return null;
  const [codeRows, linkRows] = await Promise.all([listCreatorCodes(db, shop, creatorId), listCreatorLinks(db, shop, creatorId)]);
  const codes: CreatorCodeView[] = codeRows.map((row) => {
    const valueText =
      row.valueType === "percentage"
        ? formatPercentText(row.valueBasisPoints ?? 0)
        : formatDecimalAmount({ amountMinor: row.valueAmountMinor ?? 0n, currency: row.currency });
    return {
      id: row.id,
      code: row.code,
      status: row.status,
      valueType: row.valueType,
      valueText,
      valueLabel: row.valueType === "percentage" ? `${valueText}% off` : `${valueText} ${row.currency} off`,
      currency: row.currency,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt ? row.endsAt.toISOString() : null,
      usageLimit: row.usageLimit,
      oncePerCustomer: row.oncePerCustomer,
      combinesWith: {
        orderDiscounts: row.combinesWithOrderDiscounts,
        productDiscounts: row.combinesWithProductDiscounts,
        shippingDiscounts: row.combinesWithShippingDiscounts,
      },
      linkedExisting: row.linkedExisting,
    };
  });
  const activeCode = codes.find((code) => code.status === "active");
  const links: CreatorLinkView[] = linkRows.map((row) => {
    const utm = { utmSource: orNull(row.utmSource ?? ""), utmMedium: orNull(row.utmMedium ?? ""), utmCampaign: orNull(row.utmCampaign ?? "") };
    return {
      id: row.id,
      path: row.path,
      label: row.label,
      ...utm,
      url: buildReferralUrl({ storefrontHost, path: row.path, refToken: creator.refToken, ...utm }),
      discountUrl: activeCode
        ? buildShareableDiscountUrl({ storefrontHost, code: activeCode.code, redirectPath: row.path, refToken: creator.refToken, ...utm })
        : null,
    };
  });
  return { storefrontHost, homeUrl: buildReferralUrl({ storefrontHost, path: "/", refToken: creator.refToken }), codes, links };
}
