import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { documentTitle } from "../components/document-title";
import { StoreCreditNotice } from "../components/payouts/StoreCreditNotice";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
// The parser (zod) runs in the action only; the page gets its choices from a zod-free module (vite.config.ts checks).
import { parsePayoutSettingsForm, toPayoutSettingsFormValues } from "../domain/payout-settings/parse-payout-settings-form";
import {
  describePayoutSchedule,
  MAX_SCHEDULE_MONTH_DAY,
  PAYOUT_METHOD_LABELS,
  PAYOUT_METHODS,
  WEEKDAY_NAMES,
  type PayoutSchedule,
  type PayoutSettingsFormValues,
} from "../domain/payout-settings/payout-settings-options";
import { loadPayoutSettings, updatePayoutSettings } from "../services/payout-settings/payout-settings.server";
import { canApprovePayouts } from "../services/staff/payout-approvers.server";
import { recordStaffFromRequest } from "../services/staff/record-staff-from-request.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffUserId } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Payout settings");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const userId = readStaffUserId(context);
  // Runs alongside the layout's loader: a first-time visitor (maybe the owner) is recorded before their role is read.
  await recordStaffFromRequest(db, request, context);
  const [loaded, mayChangeAutoApproval] = await Promise.all([loadPayoutSettings(db, shop.shop), userId === null ? false : canApprovePayouts(db, shop.shop, userId)]);
  return {
    currency: shop.currencyCode,
    timeZone: shop.ianaTimezone,
    values: toPayoutSettingsFormValues(loaded.settings, shop.currencyCode),
    updatedAt: loaded.updatedAt?.toISOString() ?? "",
    mayChangeAutoApproval,
  };
};

type ActionData = { ok: true; changed: number } | { ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData | ReturnType<typeof data<ActionData>>> => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const form = Object.fromEntries(await request.formData());
  const parsed = parsePayoutSettingsForm(form, shop.currencyCode);
  if (!parsed.ok) return data<ActionData>(parsed, { status: 400 });
  const updatedAt = typeof form.updatedAt === "string" && form.updatedAt !== "" ? new Date(form.updatedAt) : null;
  if (updatedAt !== null && Number.isNaN(updatedAt.getTime())) return data<ActionData>({ ok: false, errors: { form: "The form was incomplete. Reload the page and try again." } }, { status: 400 });
  const result = await updatePayoutSettings(db, { shop: shop.shop, actorUserId: readStaffUserId(context), settings: parsed.settings, expectedUpdatedAt: updatedAt });
  if (!result.ok) return data<ActionData>({ ok: false, errors: result.errors }, { status: result.status });
  return { ok: true, changed: result.changed.length };
};

const SCHEDULE_OPTIONS: Array<{ label: string; value: PayoutSchedule }> = [
  { label: "Off: I plan runs myself", value: "off" },
  { label: "Weekly", value: "weekly" },
  { label: "Twice a month (1st and 15th)", value: "twice_monthly" },
  { label: "Monthly", value: "monthly" },
];

export default function PayoutSettingsPage() {
  const { currency, timeZone, values: saved, updatedAt, mayChangeAutoApproval } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [values, setValues] = useState<PayoutSettingsFormValues>(saved);
  const [baseline, setBaseline] = useState(saved);
  if (baseline !== saved && JSON.stringify(baseline) !== JSON.stringify(saved)) {
    setBaseline(saved);
    setValues(saved);
  }
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);
  const errors = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.changed > 0 ? "Payout settings saved" : "Nothing to save");
  }, [fetcher.state, fetcher.data, shopify]);
  const set = <K extends keyof PayoutSettingsFormValues>(key: K) => (value: PayoutSettingsFormValues[K]) => setValues((previous) => ({ ...previous, [key]: value }));

  const save = () => {
    const form: Record<string, string> = { updatedAt };
    for (const [key, value] of Object.entries(values)) {
      if (typeof value === "boolean") {
        if (value) form[key] = "on";
      } else form[key] = value;
    }
    fetcher.submit(form, { method: "post" });
  };
  const weekday = Number(values.scheduleWeekday) || 1;
  const monthDay = Number(values.scheduleMonthDay) || 1;

  return (
    <Page title="Payout settings" backAction={{ content: "Settings", url: "/app/settings" }} primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.form ? (
              <Banner tone="critical" title="The payout settings were not saved">
                <p>{errors.form}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Schedule
                </Text>
                <FormLayout>
                  <Select label="Plan payout runs" options={SCHEDULE_OPTIONS} value={values.schedule} onChange={(value) => set("schedule")(value as PayoutSchedule)} error={errors.schedule} />
                  {values.schedule === "weekly" ? (
                    <Select
                      label="On"
                      options={WEEKDAY_NAMES.map((name, index) => ({ label: name, value: String(index + 1) }))}
                      value={values.scheduleWeekday}
                      onChange={set("scheduleWeekday")}
                      error={errors.scheduleWeekday}
                    />
                  ) : null}
                  {values.schedule === "monthly" ? (
                    <TextField
                      label="Day of the month"
                      type="number"
                      min={1}
                      max={MAX_SCHEDULE_MONTH_DAY}
                      autoComplete="off"
                      value={values.scheduleMonthDay}
                      onChange={set("scheduleMonthDay")}
                      error={errors.scheduleMonthDay}
                      helpText={`1 to ${MAX_SCHEDULE_MONTH_DAY}, so every month has it.`}
                    />
                  ) : null}
                </FormLayout>
                <Text as="p" tone="subdued">
                  {describePayoutSchedule(values.schedule, weekday, monthDay, timeZone)} A planned run waits for approval unless it is auto-approved below.
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Approval
                </Text>
                <TextField
                  label="Approve scheduled runs automatically when their total is below"
                  suffix={currency}
                  autoComplete="off"
                  value={values.autoApproveBelow}
                  onChange={set("autoApproveBelow")}
                  error={errors.autoApproveBelow}
                  disabled={!mayChangeAutoApproval}
                  helpText={
                    mayChangeAutoApproval
                      ? "Leave empty so every scheduled run waits for a person. An auto-approved run records the rule that approved it."
                      : "Only the owner or staff who can approve payouts may change this (Settings › Staff): it approves money without a person."
                  }
                />
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Creators
                </Text>
                <FormLayout>
                  <Checkbox
                    label="Require a tax form"
                    helpText="Creators without a current W-9 (US) or W-8BEN (others) are left out of runs, with that reason, until they submit one in the portal."
                    checked={values.requireTaxForm}
                    onChange={set("requireTaxForm")}
                  />
                  <Select
                    label="Default payout method"
                    options={[{ label: "None: creators must choose", value: "" }, ...PAYOUT_METHODS.map((method) => ({ label: PAYOUT_METHOD_LABELS[method], value: method }))]}
                    value={values.defaultMethod}
                    onChange={(value) => set("defaultMethod")(value as PayoutSettingsFormValues["defaultMethod"])}
                    error={errors.defaultMethod}
                    helpText="Used for creators who have not picked a method in the portal. Store credit is spent only by customers signed in with new customer accounts."
                  />
                  {values.defaultMethod === "store_credit" ? <StoreCreditNotice /> : null}
                  <FormLayout.Group>
                    <TextField
                      label="Store credit expires after"
                      suffix="days"
                      type="number"
                      autoComplete="off"
                      value={values.storeCreditExpiryDays}
                      onChange={set("storeCreditExpiryDays")}
                      error={errors.storeCreditExpiryDays}
                      helpText="Leave empty so it never expires."
                    />
                    <TextField
                      label="Gift cards expire after"
                      suffix="days"
                      type="number"
                      autoComplete="off"
                      value={values.giftCardExpiryDays}
                      onChange={set("giftCardExpiryDays")}
                      error={errors.giftCardExpiryDays}
                      helpText="Leave empty so they never expire. Some places require gift cards not to expire."
                    />
                  </FormLayout.Group>
                </FormLayout>
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
  return <RouteErrorBoundary title="Payout settings" />;
}
