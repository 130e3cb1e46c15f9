/**
 * The dashboard's setup checklist: each step's state read from the database (settings saved, a creator) and from
 * Shopify (the app embed on in the live theme), decided by app/domain/setup, with the action that finishes it.
 * Dismissals are kept per shop (Shop.dismissedSetupSteps).
 */
import type { Database } from "../../db.server";
import { buildThemeEditorUrl, decideSetupSteps, SETUP_STEP_IDS, type SetupStep, type SetupStepId } from "../../domain/setup";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { APP_EMBED_HANDLE, fetchThemeEmbedState } from "../../shopify/theme-embed.server";

export type SetupStepView = SetupStep & { action: { content: string; url: string; external: boolean } };

export async function loadSetupSteps(db: Database, shop: string, admin: AdminGraphqlClient, apiKey: string): Promise<SetupStepView[]> {
  const [shopRow, settings, creator, themeEmbed] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { dismissedSetupSteps: true } }),
    db.programSettings.findUnique({ where: { shop }, select: { version: true } }),
    db.creator.findFirst({ where: { shop }, select: { id: true } }),
    // A theme Shopify cannot show us (no read_themes yet, Shopify down) is "unknown": the step stays, saying so.
    fetchThemeEmbedState(admin).catch(() => "unknown" as const),
  ]);
  const steps = decideSetupSteps({
    // Version 1 is the row Affable created with defaults; saving Settings once moves it on.
    commissionRuleSaved: (settings?.version ?? 1) > 1,
    hasCreator: creator !== null,
    themeEmbed,
    dismissed: shopRow?.dismissedSetupSteps ?? [],
  });
  const actions: Record<SetupStepId, SetupStepView["action"]> = {
    commission_rule: { content: "Open Settings", url: "/app/settings", external: false },
    first_creator: { content: "Add a creator", url: "/app/creators/new", external: false },
    theme_embed: { content: "Open the theme editor", url: buildThemeEditorUrl(shop, apiKey, APP_EMBED_HANDLE), external: true },
  };
  return steps.map((step) => ({ ...step, action: actions[step.id] }));
}

export function isSetupStepId(value: unknown): value is SetupStepId {
  return typeof value === "string" && (SETUP_STEP_IDS as readonly string[]).includes(value);
}

/** Hides a step for good; dismissing twice changes nothing (the array never holds a step twice). */
export async function dismissSetupStep(db: Database, shop: string, step: SetupStepId): Promise<void> {
  await db.$executeRaw`
    UPDATE "Shop" SET "dismissedSetupSteps" = array_append("dismissedSetupSteps", ${step}), "updatedAt" = now()
    WHERE shop = ${shop} AND NOT (${step} = ANY("dismissedSetupSteps"))`;
}
