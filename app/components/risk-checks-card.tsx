import { Link as RemixLink } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { LabelledDataTable, WrappingCell } from "./labelled-data-table";
import { RISK_SEVERITY_LABELS, RISK_VERDICT_LABELS, RISK_VERDICT_TONES, type RiskCheckVerdictValue, type RiskSeverityValue } from "./risk-labels";

export type RiskCheckRow = {
  rule: string;
  ruleTitle: string;
  verdict: RiskCheckVerdictValue;
  severity: RiskSeverityValue | null;
  summary: string;
  flagUrl: string | null;
  checkedAt: string;
};

/**
 * The order page's "Risk checks": every order rule that ran on the order, its verdict and its words. A rule that
 * failed is a row like the others (processing went on without it); "Re-check" runs the order rules again.
 */
export function RiskChecksCard({ checks, onRecheck, rechecking, canRecheck }: { checks: RiskCheckRow[]; onRecheck: () => void; rechecking: boolean; canRecheck: boolean }) {
  const failed = checks.filter((check) => check.verdict === "error").length;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center" gap="200">
          <Text as="h2" variant="headingMd">
            Risk checks
          </Text>
          {canRecheck ? (
            <Button onClick={onRecheck} loading={rechecking} accessibilityLabel="Re-check this order with the fraud rules">
              Re-check
            </Button>
          ) : null}
        </InlineStack>
        {checks.length === 0 ? (
          <Text as="p" tone="subdued">
            {canRecheck
              ? "No fraud rule has checked this order yet (it was recorded before the rules existed, or it has no creator). Choose “Re-check” to run them now."
              : "No fraud rule checked this order: it has no creator to check."}
          </Text>
        ) : (
          <LabelledDataTable
            label="Risk checks on this order"
            columnContentTypes={["text", "text", "text", "text"]}
            headings={["Rule", "Verdict", "Why", "Checked"]}
            rows={checks.map((check) => [
              <WrappingCell key="rule" minWidth="8rem">{check.ruleTitle}</WrappingCell>,
              <InlineStack key="verdict" gap="100" wrap={false}>
                <Badge tone={RISK_VERDICT_TONES[check.verdict]}>{RISK_VERDICT_LABELS[check.verdict]}</Badge>
                {check.verdict === "flag" && check.severity ? <Badge>{RISK_SEVERITY_LABELS[check.severity]}</Badge> : null}
              </InlineStack>,
              <WrappingCell key="why" minWidth="14rem">
                <BlockStack gap="050">
                  <Text as="span">{check.summary}</Text>
                  {check.flagUrl ? <RemixLink to={check.flagUrl}>{`Open the ${check.ruleTitle.toLowerCase()} flag`}</RemixLink> : null}
                </BlockStack>
              </WrappingCell>,
              <WrappingCell key="at" minWidth="7rem">{check.checkedAt}</WrappingCell>,
            ])}
          />
        )}
        {failed > 0 ? (
          <Text as="p" tone="subdued">
            {failed === 1 ? "One rule" : `${failed} rules`} failed on this order; the order was processed without {failed === 1 ? "it" : "them"}. Re-check after an update, or tell support the time of the check.
          </Text>
        ) : null}
      </BlockStack>
    </Card>
  );
}
