/**
 * Builds the seeded world from the catalogue. Deterministic by construction: ids come from one counter in a fixed
 * order and every timestamp is the given epoch plus a fixed offset, so two seeds are byte-for-byte equal.
 */
import { FIRST_ID, allocateId } from "./allocate-id.ts";
import { COLLECTIONS, CUSTOMERS, PRODUCTS, SHOP_DETAILS, STAFF, type CatalogProduct } from "./seed-catalog.ts";
import {
  DEFAULT_ORDER_SETTINGS,
  STATE_VERSION,
  devstoreStateSchema,
  type CollectionRecord,
  type CustomerRecord,
  type DevstoreState,
  type ProductRecord,
  type StaffMemberRecord,
} from "./state-schema.ts";

/** The seed's fixed "now". Pass another to shift every seeded timestamp; never the wall clock. */
export const DEFAULT_SEED_EPOCH = "2026-01-05T15:00:00.000Z";

export interface SeedOptions {
  shopDomain: string;
  epoch?: string;
}

const HOUR_MS = 60 * 60 * 1000;

export function createSeedState(options: SeedOptions): DevstoreState {
  const epoch = options.epoch ?? DEFAULT_SEED_EPOCH;
  const epochMs = Date.parse(epoch);
  if (Number.isNaN(epochMs)) throw new Error(`The seed epoch "${epoch}" is not an ISO date; pass e.g. ${DEFAULT_SEED_EPOCH}.`);
  const at = (hours: number): string => new Date(epochMs + hours * HOUR_MS).toISOString();
  const ids = { nextId: FIRST_ID };
  const next = (): number => allocateId(ids);

  const shop = {
    id: next(),
    name: SHOP_DETAILS.name,
    email: SHOP_DETAILS.email,
    contactEmail: SHOP_DETAILS.contactEmail,
    myshopifyDomain: options.shopDomain,
    currencyCode: SHOP_DETAILS.currencyCode,
    ianaTimezone: SHOP_DETAILS.ianaTimezone,
    timezoneAbbreviation: SHOP_DETAILS.timezoneAbbreviation,
    weightUnit: SHOP_DETAILS.weightUnit,
    // A shop without a custom domain: its primary domain is the myshopify one.
    primaryDomain: { id: next(), host: options.shopDomain, url: `https://${options.shopDomain}`, sslEnabled: true },
    plan: { ...SHOP_DETAILS.plan },
    billingAddress: { ...SHOP_DETAILS.billingAddress },
    createdAt: at(0),
  };

  const staffMembers: StaffMemberRecord[] = STAFF.map((person, index) => ({
    id: next(),
    ...person,
    accountOwner: index === 0,
    collaborator: false,
    emailVerified: true,
    locale: "en",
  }));

  const products = PRODUCTS.map((product, index) => seedProduct(product, next, at(24 + index * 6)));
  const productIdByHandle = new Map(products.map((product) => [product.handle, product.id]));

  const collections: CollectionRecord[] = COLLECTIONS.map((collection, index) => ({
    id: next(),
    title: collection.title,
    handle: collection.handle,
    descriptionHtml: `<p>${collection.description}</p>`,
    sortOrder: "MANUAL",
    productIds: collection.productHandles.map((handle) => {
      const id = productIdByHandle.get(handle);
      if (id === undefined) throw new Error(`Seed collection "${collection.handle}" lists unknown product "${handle}".`);
      return id;
    }),
    image: { id: next(), path: `/assets/placeholders/collections/${collection.handle}.svg`, altText: collection.title, width: 1200, height: 600 },
    updatedAt: at(120 + index),
  }));

  const customers: CustomerRecord[] = CUSTOMERS.map((customer, index) => ({
    id: next(),
    firstName: customer.firstName,
    lastName: customer.lastName,
    email: customer.email,
    phone: customer.phone,
    state: "ENABLED",
    verifiedEmail: true,
    tags: customer.tags,
    note: null,
    locale: "en",
    // Shopify counts a customer's orders; the devstore derives the count from its own orders (see count-customer-orders).
    numberOfOrders: 0,
    amountSpent: customer.amountSpent,
    createdAt: at(48 + index * 12),
    updatedAt: at(48 + index * 12),
  }));

  // Parse our own output: the seed must satisfy the schema it will be loaded with.
  return devstoreStateSchema.parse({
    version: STATE_VERSION,
    seedEpoch: new Date(epochMs).toISOString(),
    nextId: ids.nextId,
    shop,
    staffMembers,
    products,
    collections,
    customers,
    installations: [],
    accessTokens: [],
    refreshTokens: [],
    discounts: [],
    mail: [],
    webhookDeliveries: [],
    orders: [],
    orderSettings: { ...DEFAULT_ORDER_SETTINGS, presentmentRates: { ...DEFAULT_ORDER_SETTINGS.presentmentRates } },
    storefront: { appEmbed: { enabled: false, settings: {} } },
    appMetafields: [],
    storeCreditAccounts: [],
    giftCards: [],
    storeCreditLimit: "10000.00",
  } satisfies DevstoreState);
}

function seedProduct(product: CatalogProduct, next: () => number, createdAt: string): ProductRecord {
  const id = next();
  // Shopify gives an option-less product one implicit option, "Title", whose only value is "Default Title".
  const optionNames = product.optionNames.length > 0 ? product.optionNames : ["Title"];
  const variantOptions = (values: string[]): string[] => (values.length > 0 ? values : ["Default Title"]);
  const options = optionNames.map((name, position) => ({
    id: next(),
    name,
    position: position + 1,
    values: [...new Set(product.variants.map((variant) => variantOptions(variant.options)[position] ?? ""))],
  }));
  const images = [
    { id: next(), path: `/assets/placeholders/products/${product.handle}.svg`, altText: product.title, width: 800, height: 800 },
  ];
  const variants = product.variants.map((variant, index) => {
    const values = variantOptions(variant.options);
    return {
      id: next(),
      title: values.join(" / "),
      sku: variant.sku,
      price: variant.price,
      compareAtPrice: variant.compareAtPrice ?? null,
      inventoryQuantity: variant.inventory,
      position: index + 1,
      taxable: true,
      barcode: null,
      selectedOptions: optionNames.map((name, position) => ({ name, value: values[position] ?? "" })),
      createdAt,
      updatedAt: createdAt,
    };
  });
  return {
    id,
    title: product.title,
    handle: product.handle,
    descriptionHtml: `<p>${product.description}</p>`,
    vendor: product.vendor,
    productType: product.productType,
    status: product.status,
    tags: product.tags,
    options,
    images,
    variants,
    createdAt,
    updatedAt: createdAt,
    publishedAt: product.status === "ACTIVE" ? createdAt : null,
  };
}
