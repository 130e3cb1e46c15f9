/**
 * The shop as webhooks carry it (`app/uninstalled`, `shop/update`): Shopify's REST `Shop` resource, snake_case, bare
 * numeric ids, money formats as Liquid templates. Fields the devstore does not model are the values a fresh
 * development store reports.
 */
import type { DevstoreStateView } from "../state/state-schema.ts";

const WEIGHT_UNITS = { GRAMS: "g", KILOGRAMS: "kg", OUNCES: "oz", POUNDS: "lb" } as const;

export function presentShopPayload(state: Pick<DevstoreStateView, "shop" | "staffMembers" | "discounts">, now: Date) {
  const { shop } = state;
  const owner = state.staffMembers.find((member) => member.accountOwner) ?? state.staffMembers[0];
  const moneyFormat = shop.currencyCode === "USD" ? "${{amount}}" : `{{amount}} ${shop.currencyCode}`;
  return {
    id: shop.id,
    name: shop.name,
    email: shop.email,
    domain: shop.primaryDomain.host,
    province: shop.billingAddress.province,
    country: shop.billingAddress.countryCodeV2,
    address1: shop.billingAddress.address1,
    zip: shop.billingAddress.zip,
    city: shop.billingAddress.city,
    source: null,
    phone: "",
    latitude: null,
    longitude: null,
    primary_locale: owner?.locale ?? "en",
    address2: "",
    created_at: shop.createdAt,
    updated_at: now.toISOString(),
    country_code: shop.billingAddress.countryCodeV2,
    country_name: shop.billingAddress.country,
    currency: shop.currencyCode,
    customer_email: shop.contactEmail,
    timezone: `(${utcOffset(shop.ianaTimezone, now)}) ${shop.ianaTimezone}`,
    iana_timezone: shop.ianaTimezone,
    shop_owner: owner ? `${owner.firstName} ${owner.lastName}` : shop.name,
    money_format: moneyFormat,
    money_with_currency_format: `${moneyFormat} ${shop.currencyCode}`,
    weight_unit: WEIGHT_UNITS[shop.weightUnit],
    province_code: shop.billingAddress.provinceCode,
    taxes_included: false,
    auto_configure_tax_inclusivity: null,
    tax_shipping: null,
    county_taxes: true,
    plan_display_name: shop.plan.displayName,
    plan_name: shop.plan.partnerDevelopment ? "partner_test" : "basic",
    has_discounts: state.discounts.length > 0,
    has_gift_cards: false,
    myshopify_domain: shop.myshopifyDomain,
    google_apps_domain: null,
    google_apps_login_enabled: null,
    money_in_emails_format: moneyFormat,
    money_with_currency_in_emails_format: `${moneyFormat} ${shop.currencyCode}`,
    eligible_for_payments: true,
    requires_extra_payments_agreement: false,
    password_enabled: true,
    has_storefront: true,
    finances: true,
    primary_location_id: null,
    checkout_api_supported: true,
    multi_location_enabled: true,
    setup_required: false,
    pre_launch_enabled: false,
    enabled_presentment_currencies: [shop.currencyCode],
    marketing_sms_consent_enabled_at_checkout: false,
    transactional_sms_disabled: false,
  };
}

/** "GMT-05:00" for the zone at that moment, as REST's `timezone` spells it. */
function utcOffset(timeZone: string, at: Date): string {
  try {
    const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((candidate) => candidate.type === "timeZoneName")?.value;
    return part === "GMT" || part === undefined ? "GMT+00:00" : part;
  } catch {
    return "GMT+00:00";
  }
}
