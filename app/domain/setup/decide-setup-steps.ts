/**
 * The dashboard's setup checklist: which steps to show. A step disappears when it is done (settings saved once,
 * a first creator, the theme embed switched on) or when the merchant dismissed it. When the theme could not be
 * read ("unknown"), the embed step stays, saying so: the merchant can check and dismiss it.
 */
export const SETUP_STEP_IDS = ["commission_rule", "first_creator", "theme_embed"] as const;
export type SetupStepId = (typeof SETUP_STEP_IDS)[number];

export type SetupInput = {
  readonly commissionRuleSaved: boolean;
  readonly hasCreator: boolean;
  readonly themeEmbed: "on" | "off" | "unknown";
  readonly dismissed: readonly string[];
};

export type SetupStep = { readonly id: SetupStepId; readonly title: string; readonly body: string };

export function decideSetupSteps(input: SetupInput): SetupStep[] {
  const steps: Array<SetupStep & { done: boolean }> = [
    {
      id: "commission_rule",
      title: "Set your commission",
      body: "Choose the default commission, holding period and cookie window in Settings, then save.",
      done: input.commissionRuleSaved,
    },
    {
      id: "first_creator",
      title: "Add your first creator",
      body: "Add or approve a creator; each gets a discount code and a referral link.",
      done: input.hasCreator,
    },
    {
      id: "theme_embed",
      title: "Turn on the Affable app embed",
      body:
        input.themeEmbed === "unknown"
          ? "Affable could not check your theme just now. Make sure the Affable app embed is on in your theme's App embeds, so referral links are tracked."
          : "Switch on the Affable app embed in your theme's App embeds, so referral links are tracked.",
      done: input.themeEmbed === "on",
    },
  ];
  return steps.filter((step) => !step.done && !input.dismissed.includes(step.id)).map(({ id, title, body }) => ({ id, title, body }));
}
