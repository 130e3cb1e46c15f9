/**
 * A creator's discount codes: status, value, dates, usage limit, and the actions (create, link existing, edit,
 * deactivate/reactivate, delete). Every action posts to /app/creators/:creatorId/codes; Shopify's refusals come back
 * in merchant words and are shown in a Banner and beside the field they concern.
 */
import { useFetcher } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, Box, Button, ButtonGroup, Card, Checkbox, FormLayout, InlineStack, Modal, Text, TextField } from "@shopify/polaris";
import { ShopperDiscountSelect } from "./shopper-discount-select";
import { useEffect, useState } from "react";
import { toCodeEndDay } from "../domain/codes/read-code-day-bounds";
import type { CodeActionData } from "../routes/app.creators.$creatorId.codes";
import type { CreatorCodeView } from "../services/codes-links/load-creator-codes-and-links.server";
import { formatShopDate } from "../domain/reporting/format-shop-date";

export interface CreatorCodesCardProps {
  creatorId: string;
  creatorName: string;
  codes: CreatorCodeView[];
  /** The shop's currency, for fixed-amount discounts. */
  currency: string;
  /** The shop's IANA time zone: dates are shown, and end dates are days, there (app/domain/codes/read-code-day-bounds.ts). */
  timeZone: string;
}

type FormMode = { kind: "closed" } | { kind: "create" } | { kind: "link" } | { kind: "edit"; code: CreatorCodeView };

interface DiscountFormState {
  override: boolean;
  valueType: "percentage" | "fixed_amount";
  valueText: string;
  endsAt: string;
  usageLimit: string;
  oncePerCustomer: boolean;
  combinesWithOrderDiscounts: boolean;
  combinesWithProductDiscounts: boolean;
  combinesWithShippingDiscounts: boolean;
}

const EMPTY_DISCOUNT: DiscountFormState = {
  override: false,
  valueType: "percentage",
  valueText: "",
  endsAt: "",
  usageLimit: "",
  oncePerCustomer: false,
  combinesWithOrderDiscounts: false,
  combinesWithProductDiscounts: false,
  combinesWithShippingDiscounts: true,
};

function fromCode(code: CreatorCodeView, timeZone: string): DiscountFormState {
  return {
    override: true,
    valueType: code.valueType,
    valueText: code.valueText,
    endsAt: code.endsAt ? toCodeEndDay(new Date(code.endsAt), timeZone) : "",
    usageLimit: code.usageLimit === null ? "" : String(code.usageLimit),
    oncePerCustomer: code.oncePerCustomer,
    combinesWithOrderDiscounts: code.combinesWith.orderDiscounts,
    combinesWithProductDiscounts: code.combinesWith.productDiscounts,
    combinesWithShippingDiscounts: code.combinesWith.shippingDiscounts,
  };
}

function formatDate(iso: string | null, timeZone: string): string {
  return iso ? formatShopDate(iso, timeZone) : "no end date";
}

/** The last day a code works, in the shop's time zone ("Ends on" is inclusive). */
function formatEndDay(iso: string | null, timeZone: string): string {
  if (!iso) return "no end date";
  const day = toCodeEndDay(new Date(iso), timeZone);
  // The day is already the shop's; noon UTC names that same day in the one date format.
  return formatShopDate(`${day}T12:00:00Z`, "UTC");
}

function statusBadge(code: CreatorCodeView) {
  if (code.status === "active") return <Badge tone="success">Active</Badge>;
  if (code.status === "inactive") return <Badge>Inactive</Badge>;
  return <Badge tone="critical">Deleted</Badge>;
}

export function CreatorCodesCard({ creatorId, creatorName, codes, currency, timeZone }: CreatorCodesCardProps) {
  const fetcher = useFetcher<CodeActionData>();
  const shopify = useAppBridge();
  const [mode, setMode] = useState<FormMode>({ kind: "closed" });
  const [customCode, setCustomCode] = useState("");
  const [discount, setDiscount] = useState<DiscountFormState>(EMPTY_DISCOUNT);
  const [confirmDelete, setConfirmDelete] = useState<CreatorCodeView | null>(null);
  const busy = fetcher.state !== "idle";
  const result = fetcher.data;
  // Errors stay until the merchant dismisses them, cancels, or tries something else.
  const [dismissed, setDismissed] = useState<CodeActionData | undefined>(undefined);
  const errors = result && !result.ok && result !== dismissed ? result.errors : [];
  const openMode = (next: FormMode) => {
    setDismissed(result);
    setMode(next);
  };
  const fieldError = (field: string) => errors.find((error) => error.field === field)?.message;

  // A finished, successful action closes the form once (React's "adjust state while rendering"), and says so.
  const [handled, setHandled] = useState<CodeActionData | undefined>(undefined);
  if (fetcher.state === "idle" && result?.ok && handled !== result) {
    setHandled(result);
    setMode({ kind: "closed" });
    setCustomCode("");
    setDiscount(EMPTY_DISCOUNT);
    setConfirmDelete(null);
  }
  useEffect(() => {
    if (fetcher.state === "idle" && result?.ok) shopify.toast.show(result.message);
  }, [fetcher.state, result, shopify]);

  const action = `/app/creators/${creatorId}/codes`;
  const post = (form: Record<string, string>) => fetcher.submit(form, { method: "post", action });
  const discountFields = (): Record<string, string> => {
    if (!discount.override) return {};
    const fields: Record<string, string> = { withDiscount: "on", valueType: discount.valueType, valueText: discount.valueText, endsAt: discount.endsAt, usageLimit: discount.usageLimit };
    if (discount.oncePerCustomer) fields.oncePerCustomer = "on";
    if (discount.combinesWithOrderDiscounts) fields.combinesWithOrderDiscounts = "on";
    if (discount.combinesWithProductDiscounts) fields.combinesWithProductDiscounts = "on";
    if (discount.combinesWithShippingDiscounts) fields.combinesWithShippingDiscounts = "on";
    return fields;
  };
  const set = <K extends keyof DiscountFormState>(key: K) => (value: DiscountFormState[K]) => setDiscount((previous) => ({ ...previous, [key]: value }));

  const discountForm = (
    <FormLayout>
      <FormLayout.Group>
        <ShopperDiscountSelect currency={currency} value={discount.valueType} onChange={set("valueType")} />
        <TextField label="Value" autoComplete="off" suffix={discount.valueType === "percentage" ? "%" : currency} value={discount.valueText} onChange={set("valueText")} error={fieldError("value")} />
      </FormLayout.Group>
      <FormLayout.Group>
        <TextField label="Ends on" type="date" autoComplete="off" value={discount.endsAt} onChange={set("endsAt")} error={fieldError("endsAt")} helpText="The code works through the end of this day in your store's time zone. Leave empty for no end date." />
        <TextField label="Usage limit" type="number" autoComplete="off" value={discount.usageLimit} onChange={set("usageLimit")} error={fieldError("usageLimit")} helpText="Leave empty for no limit." />
      </FormLayout.Group>
      <Checkbox label="Once per customer" checked={discount.oncePerCustomer} onChange={set("oncePerCustomer")} />
      <InlineStack gap="400">
        <Checkbox label="Combines with order discounts" checked={discount.combinesWithOrderDiscounts} onChange={set("combinesWithOrderDiscounts")} />
        <Checkbox label="Combines with product discounts" checked={discount.combinesWithProductDiscounts} onChange={set("combinesWithProductDiscounts")} />
        <Checkbox label="Combines with shipping discounts" checked={discount.combinesWithShippingDiscounts} onChange={set("combinesWithShippingDiscounts")} />
      </InlineStack>
    </FormLayout>
  );

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Discount codes
          </Text>
          <ButtonGroup>
            <Button onClick={() => (openMode({ kind: "link" }), setCustomCode(""))} disabled={busy}>
              Link existing code
            </Button>
            <Button variant="primary" onClick={() => (openMode({ kind: "create" }), setDiscount(EMPTY_DISCOUNT))} disabled={busy}>
              Create code
            </Button>
          </ButtonGroup>
        </InlineStack>

        {errors.length > 0 ? (
          <Banner tone="critical" title="Shopify did not accept the change" onDismiss={() => setDismissed(result)}>
            <BlockStack gap="100">
              {errors.map((error, index) => (
                <Text as="p" key={index}>
                  {error.message}
                </Text>
              ))}
            </BlockStack>
          </Banner>
        ) : null}

        {codes.length === 0 ? (
          <Text as="p" tone="subdued">
            {creatorName} has no discount code yet. Create one from the program&apos;s pattern, type your own, or link a code you already have in Shopify.
          </Text>
        ) : (
          <BlockStack gap="300">
            {codes.map((code) => (
              <Box key={code.id} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
                <InlineStack align="space-between" blockAlign="center" gap="300">
                  <BlockStack gap="100">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="span" variant="headingSm">
                        {code.code}
                      </Text>
                      {statusBadge(code)}
                      {code.linkedExisting ? <Badge tone="info">Linked from Shopify</Badge> : null}
                    </InlineStack>
                    <Text as="p" tone="subdued">
                      {code.valueLabel} · from {formatDate(code.startsAt, timeZone)} through {formatEndDay(code.endsAt, timeZone)} · {code.usageLimit === null ? "no usage limit" : `limit ${code.usageLimit} uses`}
                      {code.oncePerCustomer ? " · once per customer" : ""}
                    </Text>
                  </BlockStack>
                  <ButtonGroup>
                    <Button onClick={() => (openMode({ kind: "edit", code }), setDiscount(fromCode(code, timeZone)))} disabled={busy}>
                      Edit
                    </Button>
                    {code.status === "active" ? (
                      <Button onClick={() => post({ intent: "deactivate", codeId: code.id })} disabled={busy}>
                        Deactivate
                      </Button>
                    ) : (
                      <Button onClick={() => post({ intent: "reactivate", codeId: code.id })} disabled={busy}>
                        Reactivate
                      </Button>
                    )}
                    <Button tone="critical" onClick={() => setConfirmDelete(code)} disabled={busy}>
                      Delete
                    </Button>
                  </ButtonGroup>
                </InlineStack>
              </Box>
            ))}
          </BlockStack>
        )}

        {mode.kind === "create" ? (
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              New code for {creatorName}
            </Text>
            <TextField label="Code" autoComplete="off" value={customCode} onChange={setCustomCode} error={fieldError("code")} helpText="Leave empty to use the program's code pattern. Letters, digits, _ and - only." />
            <Checkbox label="Use a different discount than the program's default" checked={discount.override} onChange={set("override")} />
            {discount.override ? discountForm : null}
            <InlineStack gap="200" align="end">
              <Button onClick={() => openMode({ kind: "closed" })}>Cancel</Button>
              <Button variant="primary" loading={busy} onClick={() => post({ intent: "create", code: customCode, ...discountFields() })}>
                Create in Shopify
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}

        {mode.kind === "link" ? (
          <BlockStack gap="300">
            <TextField label="Existing code" autoComplete="off" value={customCode} onChange={setCustomCode} error={fieldError("code")} helpText="An amount-off code from Shopify › Discounts. Its settings stay as they are in Shopify." />
            <InlineStack gap="200" align="end">
              <Button onClick={() => openMode({ kind: "closed" })}>Cancel</Button>
              <Button variant="primary" loading={busy} onClick={() => post({ intent: "link", code: customCode })}>
                Link code
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}

        {mode.kind === "edit" ? (
          <BlockStack gap="300">
            <Text as="h3" variant="headingSm">
              Edit {mode.code.code}
            </Text>
            {discountForm}
            <InlineStack gap="200" align="end">
              <Button onClick={() => openMode({ kind: "closed" })}>Cancel</Button>
              <Button variant="primary" loading={busy} onClick={() => post({ intent: "update", codeId: mode.code.id, ...discountFields() })}>
                Save in Shopify
              </Button>
            </InlineStack>
          </BlockStack>
        ) : null}
      </BlockStack>

      <Modal
        open={confirmDelete !== null}
        onClose={() => setConfirmDelete(null)}
        title={`Delete ${confirmDelete?.code ?? "code"}?`}
        primaryAction={{
          content: "Delete code",
          destructive: true,
          loading: busy,
          onAction: () => confirmDelete && post({ intent: "delete", codeId: confirmDelete.id }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            The discount is deleted in Shopify, so shoppers can no longer use it. Orders that already used it stay attributed to {creatorName}.
          </Text>
        </Modal.Section>
      </Modal>
    </Card>
  );
}
