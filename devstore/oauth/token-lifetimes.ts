/** Token lifetimes as Shopify documents them, in seconds. */

/** Expiring offline access tokens last one hour (December 2025 changelog). */
export const EXPIRING_OFFLINE_TOKEN_SECONDS = 60 * 60;
/** Refresh tokens last 90 days. */
export const REFRESH_TOKEN_SECONDS = 90 * 24 * 60 * 60;
/** Online tokens live as long as the staff member's admin session; Shopify's examples answer 86399. */
export const ONLINE_TOKEN_SECONDS = 24 * 60 * 60 - 1;
/**
 * Since August 2026 a used refresh token stays usable until the app uses its replacement, but for at most
 * 30 days after its first use: an app that lost a refresh response can retry with the old one.
 */
export const REFRESH_RECOVERY_SECONDS = 30 * 24 * 60 * 60;
/** Expired tokens are dropped from the state file this long after they expire, so it does not grow forever. */
export const EXPIRED_TOKEN_RETENTION_SECONDS = 24 * 60 * 60;
