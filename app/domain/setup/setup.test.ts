import { describe, expect, it } from "vitest";
import { buildThemeEditorUrl } from "./build-theme-editor-url";
import { decideSetupSteps } from "./decide-setup-steps";
import { readAppEmbedState } from "./read-app-embed-state";

describe("decideSetupSteps: each step shows until it is done or dismissed", () => {
  const nothingDone = { commissionRuleSaved: false, hasCreator: false, themeEmbed: "off", dismissed: [] } as const;
  it.each([
    { label: "nothing done: all three, in order", input: nothingDone, shown: ["commission_rule", "first_creator", "theme_embed"] },
    { label: "settings saved", input: { ...nothingDone, commissionRuleSaved: true }, shown: ["first_creator", "theme_embed"] },
    { label: "a creator exists", input: { ...nothingDone, hasCreator: true }, shown: ["commission_rule", "theme_embed"] },
    { label: "embed on", input: { ...nothingDone, themeEmbed: "on" }, shown: ["commission_rule", "first_creator"] },
    { label: "embed unknown (theme not readable) still shows the step", input: { ...nothingDone, themeEmbed: "unknown" }, shown: ["commission_rule", "first_creator", "theme_embed"] },
    { label: "dismissed steps are hidden", input: { ...nothingDone, dismissed: ["theme_embed", "first_creator"] }, shown: ["commission_rule"] },
    { label: "everything done: nothing", input: { commissionRuleSaved: true, hasCreator: true, themeEmbed: "on", dismissed: [] }, shown: [] },
  ] as const)("$label", ({ input, shown }) => {
    expect(decideSetupSteps(input).map((step) => step.id)).toEqual(shown);
  });

  it("the embed step says when the theme could not be checked", () => {
    expect(decideSetupSteps({ ...nothingDone, themeEmbed: "unknown" }).find((step) => step.id === "theme_embed")?.body).toMatch(/could not check/);
  });
});

describe("readAppEmbedState (the main theme's config/settings_data.json)", () => {
  const block = (type: string, disabled: boolean) => ({ type, disabled, settings: {} });
  const settings = (blocks: Record<string, unknown>) => `/*\n * IMPORTANT: The contents of this file are auto-generated.\n */\n${JSON.stringify({ current: { blocks } })}`;
  const OURS = "shopify://apps/affable/blocks/referral-capture/5b1f0c4e-1111-2222-3333-444455556666";

  it.each([
    { label: "our embed enabled", json: settings({ a: block(OURS, false) }), state: "on" },
    { label: "our embed disabled", json: settings({ a: block(OURS, true) }), state: "off" },
    { label: "absent (never switched on)", json: settings({ a: block("shopify://apps/other/blocks/chat/abc", false) }), state: "off" },
    { label: "another app's block with the same handle does not count", json: settings({ a: block("shopify://apps/other/blocks/referral-capture-2/abc", false) }), state: "off" },
    { label: "no blocks at all", json: '{"current":{}}', state: "off" },
    { label: "current names a preset", json: JSON.stringify({ current: "Default", presets: { Default: { blocks: { a: block(OURS, false) } } } }), state: "on" },
  ])("$label → $state", ({ json, state }) => {
    expect(readAppEmbedState(json, "referral-capture")).toBe(state);
  });

  it("throws on a file that is not JSON, naming it", () => {
    expect(() => readAppEmbedState("{ nope", "referral-capture")).toThrow(/settings_data\.json/);
  });
});

describe("buildThemeEditorUrl", () => {
  it("opens the theme editor's App embeds with our embed selected", () => {
    expect(buildThemeEditorUrl("linen.myshopify.com", "abc123", "referral-capture")).toBe(
      "https://linen.myshopify.com/admin/themes/current/editor?context=apps&activateAppId=abc123/referral-capture",
    );
  });
});
