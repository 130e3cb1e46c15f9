import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { CreatorFormFields, EMPTY_CREATOR_FORM, toFormErrors } from "../components/creator-form";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { buildCreatorServiceDeps } from "../services/creators/build-creator-service-deps.server";
import { createCreator } from "../services/creators/create-creator.server";
import { readCreatorForm } from "../services/creators/creator-form.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";

export const meta: MetaFunction = () => documentTitle("Add creator");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  return { currency: shop.currencyCode };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const { fields } = readCreatorForm(await request.formData());
  const deps = await buildCreatorServiceDeps(db, shop.shop, context.admin);
  const result = await createCreator(deps, { shop: shop.shop, actor: readStaffActor(context), fields, currency: shop.currencyCode });
  if (!result.ok) return { errors: toFormErrors(result.errors) };
  return context.redirect(`/app/creators/${result.creatorId}?created=1`);
};

export default function NewCreator() {
  const { currency } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const errors = actionData?.errors ?? {};
  const saving = navigation.state === "submitting";
  return (
    <Page title="Add creator" backAction={{ content: "Creators", url: "/app/creators" }}>
      <Form method="post" id="creator-form">
        <Layout>
          <Layout.Section>
            <BlockStack gap="400">
              {Object.keys(errors).length > 0 ? (
                <Banner tone="critical" title="The creator was not saved">
                  <Text as="p">Fix the highlighted fields below, then save again.</Text>
                </Banner>
              ) : null}
              <CreatorFormFields
                initial={EMPTY_CREATOR_FORM}
                errors={errors}
                currency={currency}
                suggestHandleFromName
                statusOptions={[
                  { label: "Invited (sends an invitation email)", value: "invited" },
                  { label: "Approved (sends an approval email)", value: "approved" },
                ]}
              />
              <InlineStack align="end">
                <Button submit variant="primary" loading={saving}>
                  Save creator
                </Button>
              </InlineStack>
            </BlockStack>
          </Layout.Section>
        </Layout>
      </Form>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Add creator" />;
}
