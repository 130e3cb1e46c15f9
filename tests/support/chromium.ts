/**
 * How every browser test launches Debian's Chromium (never a downloaded build): no lookups leave this machine,
 * an ordinary Chrome user agent (the Shopify library answers 410 to HeadlessChrome), and third-party storage
 * partitioned like a merchant's Chrome.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROME_USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

/** Playwright 1.65's own --disable-features list (chromiumSwitches.ts), minus ThirdPartyStoragePartitioning. */
export const PLAYWRIGHT_DISABLED_FEATURES_EXCEPT_PARTITIONING = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
];

export const CHROMIUM_ARGS = [
  // No lookups leave this machine: every name fails except localhost and 127.0.0.1.
  "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
  // Playwright 1.65 disables ThirdPartyStoragePartitioning (microsoft/playwright#32230); with Chromium 156
  // blocking third-party cookies, a cross-site app iframe then gets a SecurityError from sessionStorage, which
  // no merchant's Chrome does (it partitions). A later --disable-features replaces Playwright's list, so this
  // restates it without that one entry.
  `--disable-features=${PLAYWRIGHT_DISABLED_FEATURES_EXCEPT_PARTITIONING.join(",")}`,
];
