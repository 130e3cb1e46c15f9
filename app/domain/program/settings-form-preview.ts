/**
 * The sample creator the Settings page previews the code pattern with, in the browser and in the server's check.
 * Kept apart from parse-program-settings-form.ts (zod schemas) so the page's browser bundle does not carry zod.
 */
export const PREVIEW_CREATOR = { handle: "maya", name: "Maya Lee" };
export const PREVIEW_RANDOM = "K7Q2";
