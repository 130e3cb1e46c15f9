/**
 * The merchant's app embed switch (Online Store → Themes → Customize → App embeds), kept in the state so it survives
 * restarts. Shared by the admin's Themes page and the control API (POST /__devstore/storefront/app-embed).
 */
import { z } from "zod";
import type { DevstoreContext } from "../context.ts";
import type { StorefrontSettingsRecord } from "../state/state-schema.ts";

export const appEmbedInputSchema = z.object({
  enabled: z.boolean(),
  /** Block settings by id; replaces what the merchant set before (unset ids fall back to the schema defaults). */
  settings: z.record(z.string().min(1).max(100), z.union([z.string().max(5000), z.number(), z.boolean()])).optional(),
});
export type AppEmbedInput = z.infer<typeof appEmbedInputSchema>;

export function setAppEmbed(ctx: Pick<DevstoreContext, "state">, input: AppEmbedInput): StorefrontSettingsRecord["appEmbed"] {
  return ctx.state.update((draft) => {
    draft.storefront.appEmbed.enabled = input.enabled;
    if (input.settings) draft.storefront.appEmbed.settings = { ...input.settings };
    return structuredClone(draft.storefront.appEmbed);
  });
}
