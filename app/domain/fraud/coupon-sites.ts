/*
 * Coupon and deal sites: a creator's code arriving from one of these (the order's referring_site or landing_site
 * domain) has leaked. The merchant extends this list in Settings › Fraud (FraudSettings.extraCouponSites); both are
 * matched with their sub-domains ("uk.retailmenot.com" is retailmenot.com).
 *
 * Maintained by hand: code aggregators, browser coupon extensions' sites, deal forums and cash-back portals that
 * publish codes. Add a domain when a merchant reports one (lower-case, no "www."); keep the list sorted by group.
 */
export const COUPON_SITES: readonly string[] = [
  // Code aggregators
  "retailmenot.com",
  "retailmenot.ca",
  "couponfollow.com",
  "dealspotr.com",
  "knoji.com",
  "wethrift.com",
  "coupons.com",
  "couponcabin.com",
  "couponbirds.com",
  "couponchief.com",
  "coupondunia.in",
  "couponlawn.com",
  "couponsherpa.com",
  "dontpayfull.com",
  "goodshop.com",
  "groupon.com",
  "hotdeals.com",
  "promocodes.com",
  "promopro.com",
  "savings.com",
  "offers.com",
  "joinhoney.com",
  "honey.com",
  "coupert.com",
  "capitaloneshopping.com",
  "karmanow.com",
  "wikibuy.com",
  "vouchercodes.co.uk",
  "vouchercloud.com",
  "myvouchercodes.co.uk",
  "discountcode.co.uk",
  "latestdeals.co.uk",
  "savoo.co.uk",
  "voucherbox.co.uk",
  "gutscheine.de",
  "mydealz.de",
  "sparwelt.de",
  "igraal.com",
  "ma-reduc.com",
  "radins.com",
  "cuponation.com",
  "picodi.com",
  "promotionalcodes.org.uk",
  "couponbind.com",
  "couponupto.com",
  "simplycodes.com",
  "knoji.co",
  // Deal forums and communities
  "slickdeals.net",
  "dealsea.com",
  "bradsdeals.com",
  "dealnews.com",
  "hotukdeals.com",
  "ozbargain.com.au",
  "redflagdeals.com",
  "dealabs.com",
  "pepper.com",
  // Cash-back portals that list codes
  "rakuten.com",
  "topcashback.com",
  "quidco.com",
  "befrugal.com",
  "swagbucks.com",
  "extrabux.com",
];

/** The coupon site a domain belongs to (itself or a parent domain on the list), or null. */
export function matchCouponSite(domain: string | null, sites: ReadonlySet<string>): string | null {
  if (domain === null || domain === "") return null;
  const labels = domain.toLowerCase().split(".");
  for (let start = 0; start < labels.length - 1; start += 1) {
    const candidate = labels.slice(start).join(".");
    if (sites.has(candidate)) return candidate;
  }
  return null;
}

/** The maintained list plus the shop's own additions, normalised ("https://www.X.com/…" → "x.com"). */
export function buildCouponSiteSet(extraSites: readonly string[]): ReadonlySet<string> {
  const set = new Set(COUPON_SITES);
  for (const site of extraSites) {
    const domain = site
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, "")
      .replace(/[/?#].*$/, "")
      .replace(/^www\./, "");
    if (domain !== "") set.add(domain);
  }
  return set;
}
