/**
 * The demo shop's catalogue and people, as plain data. `seed-state.ts` turns it into records with ids and times.
 * Emails use the reserved `.example` / `example.com` names and phone numbers the fictional 555-01xx range.
 */

export interface CatalogVariant {
  /** Option values in the product's option order; empty for a product with one "Default Title" variant. */
  options: string[];
  sku: string;
  price: string;
  compareAtPrice?: string;
  inventory: number;
}

export interface CatalogProduct {
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  status: "ACTIVE" | "ARCHIVED" | "DRAFT";
  tags: string[];
  description: string;
  /** Option names, e.g. ["Size"]; empty means Shopify's implicit "Title" option. */
  optionNames: string[];
  variants: CatalogVariant[];
}

export interface CatalogCollection {
  title: string;
  handle: string;
  description: string;
  productHandles: string[];
}

export interface CatalogPerson {
  firstName: string;
  lastName: string;
  email: string;
}

export interface CatalogCustomer extends CatalogPerson {
  phone: string | null;
  tags: string[];
  amountSpent: string;
}

export const SHOP_DETAILS = {
  name: "Affable Demo Store",
  email: "owner@affable-demo.example",
  contactEmail: "hello@affable-demo.example",
  currencyCode: "USD",
  ianaTimezone: "America/New_York",
  timezoneAbbreviation: "EST",
  weightUnit: "POUNDS",
  plan: { displayName: "Basic", publicDisplayName: "Basic", partnerDevelopment: false, shopifyPlus: false },
  billingAddress: {
    address1: "150 Elm Street",
    city: "Burlington",
    province: "Vermont",
    provinceCode: "VT",
    zip: "05401",
    country: "United States",
    countryCodeV2: "US",
  },
} as const;

export const STAFF: CatalogPerson[] = [
  { firstName: "Avery", lastName: "Chen", email: "avery@affable-demo.example" },
  { firstName: "Sam", lastName: "Patel", email: "sam@affable-demo.example" },
];

const sizes = ["S", "M", "L", "XL"];

export const PRODUCTS: CatalogProduct[] = [
  {
    title: "Aurora Ceramic Pour-Over",
    handle: "aurora-ceramic-pour-over",
    vendor: "Northbound Goods",
    productType: "Coffee Gear",
    status: "ACTIVE",
    tags: ["coffee", "ceramic", "bestseller"],
    description: "A hand-glazed cone dripper that brews a clean, bright cup in three minutes.",
    optionNames: [],
    variants: [{ options: [], sku: "NBG-POUR-01", price: "38.00", inventory: 42 }],
  },
  {
    title: "Hearth Burr Grinder",
    handle: "hearth-burr-grinder",
    vendor: "Northbound Goods",
    productType: "Coffee Gear",
    status: "ACTIVE",
    tags: ["coffee", "grinder"],
    description: "Conical steel burrs with 40 click-stops, from espresso fine to cold-brew coarse.",
    optionNames: [],
    variants: [{ options: [], sku: "NBG-GRIND-01", price: "129.00", compareAtPrice: "149.00", inventory: 12 }],
  },
  {
    title: "Summit Insulated Tumbler",
    handle: "summit-insulated-tumbler",
    vendor: "Trailside Co.",
    productType: "Drinkware",
    status: "ACTIVE",
    tags: ["coffee", "travel", "bestseller"],
    description: "Double-walled steel keeps coffee hot for six hours and fits every cup holder.",
    optionNames: ["Color"],
    variants: [
      { options: ["Slate"], sku: "TSC-TUMB-SLT", price: "32.00", inventory: 60 },
      { options: ["Sage"], sku: "TSC-TUMB-SGE", price: "32.00", inventory: 35 },
      { options: ["Sand"], sku: "TSC-TUMB-SND", price: "32.00", inventory: 0 },
    ],
  },
  {
    title: "Single-Origin Coffee Beans",
    handle: "single-origin-coffee-beans",
    vendor: "Northbound Goods",
    productType: "Coffee",
    status: "ACTIVE",
    tags: ["coffee", "consumable"],
    description: "Washed Ethiopian Yirgacheffe, roasted light: jasmine, lemon and black tea.",
    optionNames: ["Size"],
    variants: [
      { options: ["250 g"], sku: "NBG-BEAN-250", price: "18.00", inventory: 120 },
      { options: ["1 kg"], sku: "NBG-BEAN-1000", price: "56.00", inventory: 30 },
    ],
  },
  {
    title: "Trailhead Organic Tee",
    handle: "trailhead-organic-tee",
    vendor: "Trailside Co.",
    productType: "T-Shirts",
    status: "ACTIVE",
    tags: ["apparel", "organic", "bestseller"],
    description: "Heavyweight organic cotton, garment-dyed, cut for a relaxed fit.",
    optionNames: ["Size"],
    variants: sizes.map((size, index) => ({
      options: [size],
      sku: `TSC-TEE-${size}`,
      price: "34.00",
      inventory: 25 - index * 5,
    })),
  },
  {
    title: "Ridgeline Fleece Hoodie",
    handle: "ridgeline-fleece-hoodie",
    vendor: "Trailside Co.",
    productType: "Hoodies",
    status: "ACTIVE",
    tags: ["apparel", "fleece"],
    description: "Recycled polyester fleece with a brushed interior and a roomy kangaroo pocket.",
    optionNames: ["Size"],
    variants: sizes.slice(0, 3).map((size, index) => ({
      options: [size],
      sku: `TSC-HOOD-${size}`,
      price: "78.00",
      compareAtPrice: "92.00",
      inventory: 14 + index,
    })),
  },
  {
    title: "Canvas Field Cap",
    handle: "canvas-field-cap",
    vendor: "Trailside Co.",
    productType: "Hats",
    status: "ACTIVE",
    tags: ["apparel", "accessories"],
    description: "Waxed canvas six-panel cap with a brass buckle strap.",
    optionNames: [],
    variants: [{ options: [], sku: "TSC-CAP-01", price: "28.00", inventory: 48 }],
  },
  {
    title: "Merino Everyday Socks",
    handle: "merino-everyday-socks",
    vendor: "Trailside Co.",
    productType: "Socks",
    status: "ACTIVE",
    tags: ["apparel", "merino"],
    description: "A three-pack of cushioned merino crew socks that stay fresh on long days.",
    optionNames: ["Size"],
    variants: [
      { options: ["S/M"], sku: "TSC-SOCK-SM", price: "24.00", inventory: 70 },
      { options: ["L/XL"], sku: "TSC-SOCK-LXL", price: "24.00", inventory: 55 },
    ],
  },
  {
    title: "Linen Table Runner",
    handle: "linen-table-runner",
    vendor: "Hearth & Loom",
    productType: "Table Linens",
    status: "ACTIVE",
    tags: ["home", "linen"],
    description: "Stonewashed European flax linen, 14 by 90 inches, softer with every wash.",
    optionNames: [],
    variants: [{ options: [], sku: "HAL-RUN-01", price: "46.00", inventory: 22 }],
  },
  {
    title: "Stoneware Dinner Plate Set",
    handle: "stoneware-dinner-plate-set",
    vendor: "Hearth & Loom",
    productType: "Dinnerware",
    status: "ACTIVE",
    tags: ["home", "ceramic", "bestseller"],
    description: "Four reactive-glaze stoneware plates, dishwasher and microwave safe.",
    optionNames: [],
    variants: [{ options: [], sku: "HAL-PLATE-4", price: "88.00", inventory: 18 }],
  },
  {
    title: "Beeswax Taper Candles",
    handle: "beeswax-taper-candles",
    vendor: "Hearth & Loom",
    productType: "Candles",
    status: "ACTIVE",
    tags: ["home", "candles"],
    description: "A pair of hand-dipped pure beeswax tapers that burn clean for ten hours.",
    optionNames: ["Color"],
    variants: [
      { options: ["Natural"], sku: "HAL-TAPER-NAT", price: "22.00", inventory: 40 },
      { options: ["Charcoal"], sku: "HAL-TAPER-CHR", price: "22.00", inventory: 16 },
    ],
  },
  {
    title: "Olive Wood Serving Board",
    handle: "olive-wood-serving-board",
    vendor: "Hearth & Loom",
    productType: "Serveware",
    status: "DRAFT",
    tags: ["home", "wood"],
    description: "Each board is cut from a single piece of Tuscan olive wood; no two grains match.",
    optionNames: [],
    variants: [{ options: [], sku: "HAL-BOARD-01", price: "64.00", inventory: 0 }],
  },
];

export const COLLECTIONS: CatalogCollection[] = [
  {
    title: "Coffee Gear",
    handle: "coffee-gear",
    description: "Everything for a better cup at home and on the trail.",
    productHandles: ["aurora-ceramic-pour-over", "hearth-burr-grinder", "summit-insulated-tumbler", "single-origin-coffee-beans"],
  },
  {
    title: "Apparel",
    handle: "apparel",
    description: "Durable everyday clothing made from organic and recycled fibres.",
    productHandles: ["trailhead-organic-tee", "ridgeline-fleece-hoodie", "canvas-field-cap", "merino-everyday-socks"],
  },
  {
    title: "Home & Kitchen",
    handle: "home-kitchen",
    description: "Linen, stoneware and beeswax for a slower table.",
    productHandles: ["linen-table-runner", "stoneware-dinner-plate-set", "beeswax-taper-candles", "olive-wood-serving-board"],
  },
  {
    title: "Bestsellers",
    handle: "bestsellers",
    description: "What our customers come back for.",
    productHandles: ["aurora-ceramic-pour-over", "summit-insulated-tumbler", "trailhead-organic-tee", "stoneware-dinner-plate-set"],
  },
];

export const CUSTOMERS: CatalogCustomer[] = [
  { firstName: "Maya", lastName: "Thompson", email: "maya.thompson@example.com", phone: "+12125550101", tags: ["creator"], amountSpent: "212.00" },
  { firstName: "Jordan", lastName: "Alvarez", email: "jordan.alvarez@example.com", phone: "+13125550102", tags: [], amountSpent: "38.00" },
  { firstName: "Priya", lastName: "Raman", email: "priya.raman@example.com", phone: null, tags: ["creator", "wholesale"], amountSpent: "689.50" },
  { firstName: "Liam", lastName: "O'Connor", email: "liam.oconnor@example.com", phone: "+16175550104", tags: [], amountSpent: "112.00" },
  { firstName: "Sofia", lastName: "Rossi", email: "sofia.rossi@example.com", phone: null, tags: ["vip"], amountSpent: "1204.75" },
  { firstName: "Noah", lastName: "Kim", email: "noah.kim@example.com", phone: "+12065550106", tags: [], amountSpent: "0.00" },
  { firstName: "Amara", lastName: "Okafor", email: "amara.okafor@example.com", phone: "+14045550107", tags: ["creator"], amountSpent: "156.00" },
  { firstName: "Ethan", lastName: "Brooks", email: "ethan.brooks@example.com", phone: null, tags: [], amountSpent: "24.00" },
];
