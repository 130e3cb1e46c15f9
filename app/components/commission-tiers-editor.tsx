import { Banner, BlockStack, Button, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { TierRow } from "../domain/program/parse-commission-rules-form";
import { MAX_TIERS } from "../domain/program/program-limits";
import type { TierPeriod } from "../domain/program/program-rules";

const PERIOD_OPTIONS: Array<{ label: string; value: TierPeriod }> = [
  { label: "Calendar month", value: "calendar_month" },
  { label: "Calendar quarter", value: "calendar_quarter" },
  { label: "Lifetime", value: "lifetime" },
];

/**
 * Tiers of a tiered default commission: from a minimum attributed revenue in the period, a rate. The tier is picked
 * from the revenue of the orders placed BEFORE each order, so the order that crosses a threshold is paid at the
 * lower rate; an order that reaches Affable late re-tiers the later orders of its period.
 */
export function CommissionTiersEditor({
  currency,
  timezone,
  tiers,
  period,
  onTiersChange,
  onPeriodChange,
  errors,
}: {
  currency: string;
  timezone: string;
  tiers: TierRow[];
  period: TierPeriod;
  onTiersChange: (tiers: TierRow[]) => void;
  onPeriodChange: (period: TierPeriod) => void;
  errors: Record<string, string>;
}) {
  const update = (index: number, patch: Partial<TierRow>) => onTiersChange(tiers.map((tier, at) => (at === index ? { ...tier, ...patch } : tier)));
  const firstStartsAboveZero = tiers[0] !== undefined && !/^0*(\.0*)?$/.test(tiers[0].minimumRevenue.trim());
  return (
    <BlockStack gap="300">
      <Select
        label="Revenue counted over"
        options={PERIOD_OPTIONS}
        value={period}
        onChange={(value) => onPeriodChange(value as TierPeriod)}
        helpText={`Calendar periods start at midnight in the shop's timezone (${timezone}). Each order's tier comes from the creator's orders placed earlier in the period, whenever Affable receives them: an order that arrives late moves the period's later orders up a tier if it should, with an adjustment on their commissions. Refunds and cancellations made later do not lower tier revenue.`}
      />
      {errors.tiers ? (
        <Banner tone="critical">
          <p>{errors.tiers}</p>
        </Banner>
      ) : null}
      {tiers.map((tier, index) => (
        <InlineStack key={index} gap="300" blockAlign="end" wrap={false}>
          <div style={{ flex: 1 }}>
            <TextField
              label={`Tier ${index + 1}: from revenue`}
              suffix={currency}
              autoComplete="off"
              value={tier.minimumRevenue}
              onChange={(minimumRevenue) => update(index, { minimumRevenue })}
              error={errors[`tiers.${index}.minimumRevenue`]}
            />
          </div>
          <div style={{ flex: 1 }}>
            <TextField
              label={`Tier ${index + 1}: rate`}
              suffix="%"
              autoComplete="off"
              value={tier.percent}
              onChange={(percent) => update(index, { percent })}
              error={errors[`tiers.${index}.percent`]}
            />
          </div>
          <Button accessibilityLabel={`Remove tier ${index + 1}`} disabled={tiers.length === 1} onClick={() => onTiersChange(tiers.filter((_, at) => at !== index))}>
            Remove
          </Button>
        </InlineStack>
      ))}
      <InlineStack>
        <Button onClick={() => onTiersChange([...tiers, { minimumRevenue: "", percent: "" }])} disabled={tiers.length >= MAX_TIERS}>
          Add tier
        </Button>
      </InlineStack>
      {firstStartsAboveZero ? (
        <Text as="p" tone="caution">
          The first tier starts above zero: until a creator reaches it in the period, orders earn no default commission (product and collection
          rates still pay).
        </Text>
      ) : null}
    </BlockStack>
  );
}
