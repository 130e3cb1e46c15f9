/**
 * A creator's payout method and details on the creator page, masked (an IBAN by its last 4 only). When the creator
 * changed them in the portal, the next payout waits for the merchant: the card says why and offers "Approve payout
 * details", posted to /app/creators/:creatorId/payout-details.
 */
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { useEffect } from "react";
import type { PayoutDetailsActionData } from "../../routes/app.creators.$creatorId.payout-details";

export interface PayoutDetailsReviewView {
  described: string;
  paypalEmail: string | null;
  ibanLast4: string | null;
  accountHolderName: string | null;
  bic: string | null;
  reviewRequired: boolean;
  reviewReason: string | null;
  reviewedAt: string | null;
  reviewedBy: string | null;
  updatedAt: string;
}

export function PayoutDetailsReviewCard({ creatorId, details }: { creatorId: string; details: PayoutDetailsReviewView | null }) {
  const fetcher = useFetcher<PayoutDetailsActionData>();
  const shopify = useAppBridge();
  const result = fetcher.data;
  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) shopify.toast.show(result.message);
  }, [fetcher.state, result, shopify]);

  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Payout details
          </Text>
          {details?.reviewRequired ? <Badge tone="attention">Needs your review</Badge> : null}
        </InlineStack>
        {details === null ? (
          <Text as="p" tone="subdued">
            Not set yet. The creator chooses how to be paid in the creator portal (Payout details); payouts wait until they do.
          </Text>
        ) : (
          <BlockStack gap="100">
            <Text as="p">{details.described}</Text>
            {details.ibanLast4 ? (
              <Text as="p" tone="subdued" variant="bodySm">
                IBAN •••• {details.ibanLast4}
                {details.bic ? ` · BIC ${details.bic}` : ""}
                {details.accountHolderName ? ` · ${details.accountHolderName}` : ""}
              </Text>
            ) : null}
            {details.reviewRequired ? (
              <Banner tone="warning" title="The next payout waits for your review">
                <BlockStack gap="200">
                  <Text as="p">{details.reviewReason ?? "The creator changed their payout details."}</Text>
                  <Text as="p">If anything looks wrong, contact the creator at their usual address before approving.</Text>
                  <InlineStack>
                    <Button
                      variant="primary"
                      loading={fetcher.state !== "idle"}
                      onClick={() => fetcher.submit({ intent: "approve", seenUpdatedAt: details.updatedAt }, { method: "post", action: `/app/creators/${creatorId}/payout-details` })}
                    >
                      Approve payout details
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Banner>
            ) : details.reviewedAt ? (
              <Text as="p" tone="subdued" variant="bodySm">
                Approved on {details.reviewedAt}
                {details.reviewedBy ? ` by ${details.reviewedBy}` : ""}.
              </Text>
            ) : null}
            {result && !result.ok ? (
              <Banner tone="critical" title="Not approved">
                <Text as="p">{result.message}</Text>
              </Banner>
            ) : null}
          </BlockStack>
        )}
      </BlockStack>
    </Card>
  );
}
