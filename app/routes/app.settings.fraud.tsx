import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useMemo, useState } from "react";
import { documentTitle } from "../components/document-title";
import { RISK_ACTION_LABELS } from "../components/risk-labels";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
// The parser (zod) runs in the action only; the page gets plain data from the loader (vite.config.ts checks).
import { buildFraudRuleViews, loadFraudSettings, saveFraudSettings, type FraudRuleView } from "../services/fraud/fraud-settings.server";
import { COUPON_SITE_COUNT } from "../services/fraud/risk-rule-words.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Fraud settings");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const loaded = await loadFraudSettings(db, shop.shop);
  return {
    rules: buildFraudRuleViews(loaded.rules),
    couponSites: loaded.extraCouponSites.join("\n"),
    builtInCouponSites: COUPON_SITE_COUNT,
    paidSearchForbidden: loaded.paidSearchForbidden,
    version: loaded.version,
    savedAt: loaded.updatedAt ? formatShopDateTime(loaded.updatedAt, shop.ianaTimezone) : null,
  };
};

type ActionData = { ok: true; changed: number } | { ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = Object.fromEntries(await request.formData());
  const result = await saveFraudSettings(db, { shop: context.session.shop, actor: readStaffActor(context), form });
  if (!result.ok) return data<ActionData>({ ok: false, errors: result.errors }, { status: result.status });
  return data<ActionData>({ ok: true, changed: result.changed.length });
};

/** Every control's value as the form posts it: "<rule>.<field>" → string ("true"/"false" for switches). */
function toFormValues(rules: FraudRuleView[], couponSites: string, paidSearchForbidden: boolean): Record<string, string> {
  const values: Record<string, string> = { couponSites, paidSearchForbidden: String(paidSearchForbidden) };
  for (const rule of rules) {
    values[`${rule.id}.enabled`] = String(rule.enabled);
    values[`${rule.id}.action`] = rule.action;
    values[rule.threshold.name] = rule.threshold.value;
    for (const field of rule.fields) values[field.name] = String(field.value);
  }
  return values;
}

const UNIT_HELP: Readonly<Record<string, string>> = {
  share: "A share from 0 to 1 (0.6 = 60 %).",
  z: "How far above usual, in typical day-to-day deviations (robust z-score).",
  ratio: "Times the program's figure.",
  count: "A whole number.",
};

export default function FraudSettingsPage() {
  const loaded = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const saved = useMemo(() => toFormValues(loaded.rules, loaded.couponSites, loaded.paidSearchForbidden), [loaded]);
  const [values, setValues] = useState(saved);
  const [baseline, setBaseline] = useState(saved);
  if (baseline !== saved && JSON.stringify(baseline) !== JSON.stringify(saved)) {
    setBaseline(saved);
    setValues(saved);
  }
  const dirty = useMemo(() => JSON.stringify(values) !== JSON.stringify(saved), [values, saved]);
  const errors: Record<string, string> = fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {};
  const saving = fetcher.state !== "idle";
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.changed > 0 ? "Fraud settings saved" : "Nothing to save");
  }, [fetcher.state, fetcher.data, shopify]);
  const set = (name: string) => (value: string | boolean) => setValues((previous) => ({ ...previous, [name]: String(value) }));
  const save = () => fetcher.submit({ ...values, version: String(loaded.version) }, { method: "post" });
  const errorCount = Object.keys(errors).length;

  return (
    <Page
      title="Fraud settings"
      subtitle="What each fraud rule looks for, and whether it holds the money or only flags it for review in Risk."
      backAction={{ content: "Settings", url: "/app/settings" }}
      primaryAction={{ content: "Save", onAction: save, loading: saving, disabled: !dirty }}
      secondaryActions={[{ content: "Risk queue", url: "/app/risk" }]}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {errors.form ? (
              <Banner tone="critical" title="The fraud settings were not saved">
                <p>{errors.form}</p>
              </Banner>
            ) : errorCount > 0 ? (
              <Banner tone="critical" title="The fraud settings were not saved">
                <p>{`Fix the ${errorCount === 1 ? "field" : `${errorCount} fields`} marked below, then save again.`}</p>
              </Banner>
            ) : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Program rules
                </Text>
                <Checkbox
                  label="Creators may not run paid search or paid ads with their links"
                  helpText="When on, an order whose landing page carries an ad click id (gclid, msclkid, …) is flagged by “Paid traffic on the brand”. Tell creators in your program terms."
                  checked={values.paidSearchForbidden === "true"}
                  onChange={set("paidSearchForbidden")}
                  error={errors.paidSearchForbidden}
                />
                <TextField
                  label="Coupon and deal sites to add"
                  helpText={`Affable already knows ${loaded.builtInCouponSites} coupon, deal and cash-back sites. Add others you find your codes on, one domain per line (like dealsite.com); their sub-domains count too.`}
                  multiline={4}
                  autoComplete="off"
                  value={values.couponSites ?? ""}
                  onChange={set("couponSites")}
                  error={errors.couponSites}
                />
              </BlockStack>
            </Card>
            {loaded.rules.map((rule) => (
              <Card key={rule.id}>
                <BlockStack gap="300">
                  <InlineStack align="space-between" blockAlign="center" gap="200">
                    <Text as="h2" variant="headingMd">
                      {rule.title}
                    </Text>
                    <Checkbox label={`Check for ${rule.title.toLowerCase()}`} checked={values[`${rule.id}.enabled`] === "true"} onChange={set(`${rule.id}.enabled`)} error={errors[`${rule.id}.enabled`]} />
                  </InlineStack>
                  <Text as="p" tone="subdued">
                    {rule.description}
                  </Text>
                  <FormLayout>
                    <FormLayout.Group>
                      <Select
                        label="When it matches"
                        options={[
                          { label: RISK_ACTION_LABELS.hold, value: "hold" },
                          { label: RISK_ACTION_LABELS.flag, value: "flag" },
                        ]}
                        value={values[`${rule.id}.action`] ?? rule.action}
                        onChange={set(`${rule.id}.action`)}
                        error={errors[`${rule.id}.action`]}
                        helpText="Holding keeps the commission out of payouts until you decide in Risk."
                      />
                      <TextField
                        label={rule.threshold.label}
                        type="number"
                        min={rule.threshold.min}
                        max={rule.threshold.max}
                        step={rule.threshold.step}
                        autoComplete="off"
                        value={values[rule.threshold.name] ?? ""}
                        onChange={set(rule.threshold.name)}
                        error={errors[rule.threshold.name]}
                        helpText={`${UNIT_HELP[rule.threshold.unit] ?? ""} From ${rule.threshold.min} to ${rule.threshold.max}.`}
                      />
                    </FormLayout.Group>
                    {rule.fields.length > 0 ? (
                      <Box>
                        <FormLayout>
                          <FormLayout.Group condensed>
                            {rule.fields.map((field) =>
                              field.kind === "boolean" ? (
                                <Checkbox key={field.name} label={field.label} helpText={field.help ?? undefined} checked={values[field.name] === "true"} onChange={set(field.name)} error={errors[field.name]} />
                              ) : field.kind === "choice" ? (
                                <Select key={field.name} label={field.label} helpText={field.help ?? undefined} options={field.options} value={values[field.name] ?? field.value} onChange={set(field.name)} error={errors[field.name]} />
                              ) : (
                                <TextField
                                  key={field.name}
                                  label={field.label}
                                  helpText={field.help ?? undefined}
                                  type="number"
                                  min={field.min ?? undefined}
                                  max={field.max ?? undefined}
                                  step={field.step}
                                  autoComplete="off"
                                  value={values[field.name] ?? ""}
                                  onChange={set(field.name)}
                                  error={errors[field.name]}
                                />
                              ),
                            )}
                          </FormLayout.Group>
                        </FormLayout>
                      </Box>
                    ) : null}
                  </FormLayout>
                </BlockStack>
              </Card>
            ))}
            <InlineStack align="space-between" blockAlign="center">
              <Text as="p" tone="subdued">
                {loaded.savedAt ? `Last saved ${loaded.savedAt}.` : "Using Affable's defaults."}
              </Text>
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
  return <RouteErrorBoundary title="Fraud settings" />;
}
