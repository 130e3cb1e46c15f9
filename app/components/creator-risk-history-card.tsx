import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import { RISK_FLAG_STATUS_LABELS, RISK_FLAG_STATUS_TONES, RISK_SEVERITY_LABELS, RISK_SEVERITY_TONES, type RiskFlagStatusValue, type RiskSeverityValue } from "./risk-labels";

export type CreatorRiskFlag = {
  id: string;
  url: string;
  ruleTitle: string;
  severity: RiskSeverityValue;
  status: RiskFlagStatusValue;
  summary: string;
  firstSeenAt: string;
  decision: string | null;
};

/** The creator page's "Risk history": the creator's risk flags, newest first, each linked to its evidence. */
export function CreatorRiskHistoryCard({ risk }: { risk: { flags: CreatorRiskFlag[]; total: number; open: number } }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Risk history
          </Text>
          {risk.open > 0 ? <Badge tone="attention">{`${risk.open} open`}</Badge> : null}
        </InlineStack>
        {risk.flags.length === 0 ? (
          <Text as="p" tone="subdued">
            No fraud rule has flagged this creator.
          </Text>
        ) : (
          risk.flags.map((flag) => (
            <BlockStack gap="100" key={flag.id}>
              <InlineStack gap="100" blockAlign="center">
                <RemixLink to={flag.url}>{flag.ruleTitle}</RemixLink>
                <Badge tone={RISK_SEVERITY_TONES[flag.severity]}>{RISK_SEVERITY_LABELS[flag.severity]}</Badge>
                <Badge tone={RISK_FLAG_STATUS_TONES[flag.status]}>{RISK_FLAG_STATUS_LABELS[flag.status]}</Badge>
              </InlineStack>
              <Text as="p">{flag.summary}</Text>
              <Text as="p" tone="subdued" variant="bodySm">
                {`Flagged ${flag.firstSeenAt}`}
                {flag.decision ? ` · ${RISK_FLAG_STATUS_LABELS[flag.status]} by ${flag.decision}` : ""}
              </Text>
            </BlockStack>
          ))
        )}
        {risk.total > risk.flags.length ? (
          <Text as="p" tone="subdued">
            {`Showing the newest ${risk.flags.length} of ${risk.total}.`} <RemixLink to="/app/risk?status=all">Open Risk</RemixLink> to see them all.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
