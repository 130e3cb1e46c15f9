import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { SaveBar, useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, ChoiceList, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { CatalogRatePicker, type CatalogRateRow } from "../components/catalog-rate-picker";
import { CommissionTiersEditor } from "../components/commission-tiers-editor";
import { ShopperDiscountSelect } from "../components/shopper-discount-select";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { renderCodePattern } from "../domain/codes";
// Validation (zod) runs in the action only; the browser gets the preview constants from a zod-free module
// (vite.config.ts fails the build if zod reaches this page's browser bundle).
import { parseProgramSettingsForm, toSettingsFormValues, type SettingsFormState } from "../domain/program/parse-program-settings-form";
import { PREVIEW_CREATOR, PREVIEW_RANDOM } from "../domain/program/settings-form-preview";
import { loadEditableProgramSettings, ProgramSettingsError, updateProgramSettings } from "../services/program/program-settings.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { writeCookieWindowMetafield } from "../shopify/app-metafields.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";

export const meta: MetaFunction = () => documentTitle("Settings");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  const { row, values, problem } = await loadEditableProgramSettings(db, session.shop);
  return { currency: row.currency, timezone: shop.ianaTimezone, values: toSettingsFormValues({ ...values, currency: row.currency, version: row.version }), problem };
};

type ActionData = { ok: true; changed: number } | { ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const { row, values: current } = await loadEditableProgramSettings(db, shop);
  const parsed = parseProgramSettingsForm(Object.fromEntries(await request.formData()), row.currency, current);
  if (!parsed.ok) return parsed;
  try {
    const { changed } = await updateProgramSettings(db, shop, readStaffActor(context), parsed.settings, parsed.version);
    if (changed.includes("cookieWindowDays")) {
      // The theme embed reads the cookie window from the app's metafield: one source of truth. Saved settings stand
      // even if Shopify is unreachable; the merchant is told to save again.
      try {
        await writeCookieWindowMetafield(context.admin, parsed.settings.cookieWindowDays);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, errors: { form: `Settings saved, but the theme embed still uses the old cookie window: ${reason} Save again to retry.` } };
      }
    }
    return { ok: true, changed: changed.length };
  } catch (error) {
    if (error instanceof ProgramSettingsError) return { ok: false, errors: { form: error.message } };
    throw error;
  }
};

const PRECEDENCE_CHOICES = [
  { label: "Code first", value: "code_first", helpText: "The code typed at checkout wins. Best when creators mostly share codes." },
  { label: "Link first", value: "link_first", helpText: "A visit through a creator's link wins over a code. Codes leak to coupon sites; a link proves the shopper came through the creator." },
  { label: "Last touch", value: "last_touch", helpText: "Whichever came last wins: a code entered at checkout, otherwise the most recent link visit." },
];

export default function SettingsPage() {
  const { currency, timezone, values: saved, problem } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ActionData>();
  const shopify = useAppBridge();
  const [values, setValues] = useState<SettingsFormState>(saved);
  // After a save the loader revalidates: start from what is now stored (React's "adjust state on prop change").
  // Compared by content: a refused save revalidates too, with the same settings, and must keep what was typed.
  const [baseline, setBaseline] = useState(saved);
  if (baseline !== saved && JSON.stringify(baseline) !== JSON.stringify(saved)) {
    setBaseline(saved);
    setValues(saved);
  }
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.changed > 0 ? "Program settings saved" : "Nothing to save");
  }, [fetcher.state, fetcher.data, shopify]);

  const set = <K extends keyof SettingsFormState>(key: K) => (value: SettingsFormState[K]) => setValues((previous) => ({ ...previous, [key]: value }));
  const preview = renderCodePattern(values.codePattern, PREVIEW_CREATOR, PREVIEW_RANDOM);

  const save = () => {
    const form: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "boolean") {
        if (value) form[key] = "on";
      } else form[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    fetcher.submit(form, { method: "post" });
  };
  const discard = () => setValues(saved);
  const chooseCommissionType = (type: SettingsFormState["defaultCommissionType"]) =>
    setValues((previous) => ({
      ...previous,
      defaultCommissionType: type,
      // A first tier from zero at today's rate: switching to tiered starts from what the program pays now.
      tiers: type === "tiered" && previous.tiers.length === 0 ? [{ minimumRevenue: "0", percent: previous.commissionPercent }] : previous.tiers,
    }));
  const productRows: CatalogRateRow[] = values.productRates.map((rate) => ({ id: rate.productId, title: rate.title, percent: rate.percent }));
  const collectionRows: CatalogRateRow[] = values.collectionRates.map((rate) => ({ id: rate.collectionId, title: rate.title, percent: rate.percent }));

  return (
    <Page title="Settings" primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty }}>
      <SaveBar id="program-settings-save-bar" open={dirty}>
        <button variant="primary" onClick={save} disabled={saving}>
          Save
        </button>
        <button onClick={discard}>Discard</button>
      </SaveBar>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Banner title="Set up your program" tone="info">
              <p>
                Choose the default commission, the cookie window, whether a code or a link wins when both touch an order, the holding period before
                commissions are approved, and the discount every creator&apos;s code gives shoppers. Creators can override the commission one by one.
              </p>
            </Banner>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  More settings
                </Text>
                <InlineStack gap="300" wrap>
                  <Button url="/app/settings/payouts">Payout schedule and approval</Button>
                  <Button url="/app/settings/paypal">Connect PayPal</Button>
                  <Button url="/app/settings/bank">Bank account for SEPA files</Button>
                  <Button url="/app/settings/staff">Staff and payout approvers</Button>
                  <Button url="/app/settings/fraud">Fraud rules and holds</Button>
                  <Button url="/app/tax-report">Year-end tax report</Button>
                </InlineStack>
              </BlockStack>
            </Card>
            {problem ? (
              <Banner tone="critical" title="The stored commission rules could not be read">
                <p>{problem} The rules below start empty; saving replaces the unreadable ones.</p>
              </Banner>
            ) : null}
            {errors.form ? (
              <Banner tone="critical" title="The settings were not saved">
                <p>{errors.form}</p>
              </Banner>
            ) : null}

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Commission
                </Text>
                <Text as="p" tone="subdued">
                  Changes apply to orders Affable records from now on. A commission already earned keeps the rules it was earned under, also when its
                  order is edited later.
                </Text>
                <FormLayout>
                  <Select
                    label="Default commission"
                    options={[
                      { label: "Percentage of the order's eligible items", value: "percentage" },
                      { label: `Flat amount per order (${currency})`, value: "flat" },
                      { label: "Tiered percentage, by the creator's revenue", value: "tiered" },
                    ]}
                    value={values.defaultCommissionType}
                    onChange={(value) => chooseCommissionType(value as SettingsFormState["defaultCommissionType"])}
                  />
                  {values.defaultCommissionType === "percentage" ? (
                    <TextField label="Commission rate" suffix="%" autoComplete="off" value={values.commissionPercent} onChange={set("commissionPercent")} error={errors.commissionPercent} helpText="Up to two decimals, e.g. 12.5" />
                  ) : null}
                  {values.defaultCommissionType === "flat" ? (
                    <TextField label="Commission per order" suffix={currency} autoComplete="off" value={values.commissionFlat} onChange={set("commissionFlat")} error={errors.commissionFlat} />
                  ) : null}
                  {values.defaultCommissionType === "tiered" ? (
                    <CommissionTiersEditor
                      currency={currency}
                      timezone={timezone}
                      tiers={values.tiers}
                      period={values.tierPeriod}
                      onTiersChange={set("tiers")}
                      onPeriodChange={set("tierPeriod")}
                      errors={errors}
                    />
                  ) : null}
                  <TextField
                    label="Most one order can earn"
                    suffix={currency}
                    autoComplete="off"
                    value={values.capPerOrder}
                    onChange={set("capPerOrder")}
                    error={errors.capPerOrder}
                    helpText="A cap on each order's commission, whatever the rates add up to. Leave empty for no cap."
                  />
                  <FormLayout.Group>
                    <TextField label="Holding period" suffix="days" type="number" autoComplete="off" value={values.holdingPeriodDays} onChange={set("holdingPeriodDays")} error={errors.holdingPeriodDays} helpText="Commissions are approved this long after the order, once the return window has passed." />
                    <TextField label="Cookie window" suffix="days" type="number" autoComplete="off" value={values.cookieWindowDays} onChange={set("cookieWindowDays")} error={errors.cookieWindowDays} helpText="How long after a link visit an order still counts for the creator. The theme app embed uses this value too." />
                  </FormLayout.Group>
                  <Checkbox label="New customers only" helpText="Orders from returning customers earn no commission." checked={values.newCustomersOnly} onChange={set("newCustomersOnly")} />
                  <Checkbox label="Include test orders" helpText="Useful while you try the program out; leave off in a live store." checked={values.includeTestOrders} onChange={set("includeTestOrders")} />
                </FormLayout>
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Product and collection rates
                </Text>
                <Text as="p" tone="subdued">
                  A product&apos;s own rate beats a collection rate, which beats the default and creators&apos; overrides. When a product is in
                  several listed collections, the first one listed applies.
                </Text>
                <Text as="h3" variant="headingSm">
                  Products
                </Text>
                <CatalogRatePicker
                  kind="products"
                  rows={productRows}
                  onChange={(rows) => set("productRates")(rows.map((row) => ({ productId: row.id, title: row.title, percent: row.percent })))}
                  errors={errors}
                  errorPrefix="productRates"
                />
                <Text as="h3" variant="headingSm">
                  Collections
                </Text>
                <CatalogRatePicker
                  kind="collections"
                  rows={collectionRows}
                  onChange={(rows) => set("collectionRates")(rows.map((row) => ({ collectionId: row.id, title: row.title, percent: row.percent })))}
                  errors={errors}
                  errorPrefix="collectionRates"
                />
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Payouts
                </Text>
                <TextField
                  label="Minimum payout"
                  suffix={currency}
                  autoComplete="off"
                  value={values.minimumPayout}
                  onChange={set("minimumPayout")}
                  error={errors.minimumPayout}
                  helpText="A creator is paid once what they are owed reaches this amount; smaller balances wait for the next payout. 0 pays any balance."
                />
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Attribution
                </Text>
                <ChoiceList
                  title="When an order has both a creator's code and a creator's link"
                  choices={PRECEDENCE_CHOICES}
                  selected={[values.attributionPrecedence]}
                  onChange={([value]) => value && set("attributionPrecedence")(value as SettingsFormState["attributionPrecedence"])}
                  error={errors.attributionPrecedence}
                />
              </BlockStack>
            </Card>

            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Creators&apos; discount codes
                </Text>
                <FormLayout>
                  <FormLayout.Group>
                    <ShopperDiscountSelect currency={currency} value={values.defaultDiscountType} onChange={set("defaultDiscountType")} />
                    {values.defaultDiscountType === "percentage" ? (
                      <TextField label="Discount" suffix="%" autoComplete="off" value={values.discountPercent} onChange={set("discountPercent")} error={errors.discountPercent} />
                    ) : (
                      <TextField label="Discount" suffix={currency} autoComplete="off" value={values.discountAmount} onChange={set("discountAmount")} error={errors.discountAmount} />
                    )}
                  </FormLayout.Group>
                  <TextField
                    label="Code pattern"
                    autoComplete="off"
                    value={values.codePattern}
                    onChange={set("codePattern")}
                    error={errors.codePattern}
                    helpText={
                      <span>
                        {"{HANDLE}"} is the creator&apos;s handle, {"{NAME}"} their name, {"{RANDOM4}"} four random characters. Preview for {PREVIEW_CREATOR.name}:{" "}
                        <strong>{preview.ok ? preview.code : "—"}</strong>
                        {preview.ok ? "" : ` (${preview.message})`}
                      </span>
                    }
                  />
                  <TextField label="Usage limit per code" type="number" autoComplete="off" value={values.defaultUsageLimit} onChange={set("defaultUsageLimit")} error={errors.defaultUsageLimit} helpText="Leave empty for no limit." />
                  <Checkbox label="Once per customer" checked={values.defaultOncePerCustomer} onChange={set("defaultOncePerCustomer")} />
                  <Box>
                    <Text as="p" variant="bodyMd">
                      Combines with
                    </Text>
                    <InlineStack gap="400">
                      <Checkbox label="Order discounts" checked={values.combinesWithOrderDiscounts} onChange={set("combinesWithOrderDiscounts")} />
                      <Checkbox label="Product discounts" checked={values.combinesWithProductDiscounts} onChange={set("combinesWithProductDiscounts")} />
                      <Checkbox label="Shipping discounts" checked={values.combinesWithShippingDiscounts} onChange={set("combinesWithShippingDiscounts")} />
                    </InlineStack>
                  </Box>
                  <Checkbox label="Create a code automatically when a creator is approved" checked={values.autoCreateCodeOnApproval} onChange={set("autoCreateCodeOnApproval")} />
                  <FormLayout.Group>
                    <TextField
                      label="Most a code may give"
                      suffix="%"
                      autoComplete="off"
                      value={values.maxCodeDiscountPercent}
                      onChange={set("maxCodeDiscountPercent")}
                      error={errors.maxCodeDiscountPercent}
                      helpText="No creator code, from this admin or the API, may give more off than this."
                    />
                    <TextField
                      label="Most a fixed-amount code may give"
                      suffix={currency}
                      autoComplete="off"
                      value={values.maxCodeDiscountAmount}
                      onChange={set("maxCodeDiscountAmount")}
                      error={errors.maxCodeDiscountAmount}
                      helpText="Leave empty for no cap on codes made in this admin; the API then refuses fixed-amount codes (a leaked key must not mint an uncapped amount)."
                    />
                  </FormLayout.Group>
                  <Text as="p" tone="subdued">
                    A code earns for its creator only on orders placed while it was active: an order placed before you deactivated or deleted a
                    code still counts when Shopify tells Affable late, but an order naming a code that was already off counts for nobody (Shopify
                    refuses such a code at checkout). Pausing or rejecting a creator deactivates their codes in Shopify unless you untick that on
                    the creator&apos;s page; approving them again reactivates those codes. A deleted code&apos;s text can be given to another
                    creator. Code end dates are read in your store&apos;s time zone: a code ending on a day works until the end of that day there.
                  </Text>
                </FormLayout>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Emails to creators
                </Text>
                <Text as="p" tone="subdued">
                  Approval, invitation and application emails are sent in your shop&apos;s name. Replies go to this address.
                </Text>
                <TextField
                  label="Reply-to email"
                  type="email"
                  value={values.replyToEmail}
                  onChange={set("replyToEmail")}
                  error={errors.replyToEmail}
                  autoComplete="email"
                  helpText="Leave empty to send without a reply-to address."
                />
              </BlockStack>
            </Card>
            <InlineStack align="end">
              <Button variant="primary" onClick={save} loading={saving} disabled={!dirty}>
                Save
              </Button>
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Settings" />;
}
