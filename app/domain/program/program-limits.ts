/**
 * Limits the Settings page shows in the browser as well as checks on the server. Kept apart from program-rules.ts
 * (which builds zod schemas) so the page's browser bundle does not carry zod.
 */
export const MAX_TIERS = 10;
