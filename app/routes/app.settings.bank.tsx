// Settings › Bank: the merchant's account that SEPA payout files pay from. The IBAN is checked before saving,
// sealed at rest and shown afterwards only as its last four characters.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { documentTitle } from "../components/document-title";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { readSepaDebtor, saveSepaDebtor } from "../services/payouts/bank-files/save-sepa-debtor.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("Bank account for SEPA payouts");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { debtor: await readSepaDebtor(db, session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const form = await request.formData();
  const result = await saveSepaDebtor({
    db, shop: context.session.shop, actor: readStaffActor(context), form: { name: form.get("name"), iban: form.get("iban"), bic: form.get("bic") },
  });
  if (!result.ok) return { ok: false as const, fieldErrors: result.fieldErrors };
  return { ok: true as const, debtor: result.debtor };
};

export default function BankSettings() {
  const { debtor: loaded } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const debtor = actionData?.ok ? actionData.debtor : loaded;
  const errors = actionData && !actionData.ok ? actionData.fieldErrors : {};
  const [name, setName] = useState(loaded.name);
  const [iban, setIban] = useState("");
  const [bic, setBic] = useState(loaded.bic);
  const saving = navigation.state === "submitting";
  return (
    <Page title="Bank account for SEPA payouts" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {actionData?.ok ? (
              <Banner tone="success" title="Bank account saved">
                <Text as="p">SEPA payout files now pay from the account ending {debtor.ibanLast4 ?? "—"}.</Text>
              </Banner>
            ) : null}
            {actionData && !actionData.ok ? (
              <Banner tone="critical" title="The bank account was not saved">
                <Text as="p">Fix the highlighted fields below, then save again.</Text>
              </Banner>
            ) : null}
            <Card>
              <Form method="post">
                <FormLayout>
                  <Text as="p">
                    When a payout run pays creators by SEPA transfer, Affable makes a pain.001 file that you upload to your bank. These are the details of
                    the account the money leaves from. Only euro payouts to IBANs in the SEPA area go in the file.
                  </Text>
                  <TextField label="Account holder name" name="name" value={name} onChange={setName} autoComplete="organization" maxLength={70} error={errors.name} helpText="Exactly as your bank has it, in Latin letters." />
                  <TextField
                    label="IBAN"
                    name="iban"
                    value={iban}
                    onChange={setIban}
                    autoComplete="off"
                    error={errors.iban}
                    placeholder={debtor.ibanLast4 ? `Saved: ${debtor.ibanLast4}` : "DE89 3704 0044 0532 0130 00"}
                    helpText={debtor.ibanLast4 ? "Stored encrypted; only the last four characters are shown. Leave empty to keep it, or enter a new one." : "Stored encrypted; afterwards only its last four characters are shown."}
                  />
                  <TextField label="BIC (optional)" name="bic" value={bic} onChange={setBic} autoComplete="off" error={errors.bic} helpText="Leave empty if your bank does not ask for it: the file then says NOTPROVIDED, which SEPA banks accept." />
                  <InlineStack align="end">
                    <Button submit variant="primary" loading={saving}>
                      Save bank account
                    </Button>
                  </InlineStack>
                </FormLayout>
              </Form>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Bank account for SEPA payouts" />;
}
