import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import { useEffect } from "react";
import { CreatorCodeSyncCheckbox, readCodeSyncChoice } from "../components/creator-code-sync-checkbox";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { CreatorCodesCard } from "../components/creator-codes-card";
import { CreatorPerformanceCard } from "../components/creator-performance-card";
import { CreatorFormFields, toFormErrors, type CreatorFormValues } from "../components/creator-form";
import { CreatorLinksCard } from "../components/creator-links-card";
import { CreatorRiskHistoryCard } from "../components/creator-risk-history-card";
import { listCreatorRiskFlags } from "../services/fraud/risk-queue-history.server";
import { PayoutDetailsReviewCard } from "../components/payouts/payout-details-review-card";
import { loadPayoutDetailsReview } from "../services/portal/payout-details-changes.server";
import { CreatorStatusBadge, STATUS_LABELS } from "../components/creator-status-badge";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { CREATOR_STATUS_TRANSITIONS, type SocialHandles } from "../domain/creators";
import { formatPercentText } from "../domain/program/percent-text";
import { formatDecimalAmount } from "../domain/money";
import { findCreator } from "../repositories/creator-repository.server";
import { buildCreatorServiceDeps } from "../services/creators/build-creator-service-deps.server";
import { readCreatorForm } from "../services/creators/creator-form.server";
import { loadCreatorCodesAndLinks } from "../services/codes-links/load-creator-codes-and-links.server";
import { loadCreatorPerformanceView } from "../services/creators/load-creator-performance-view.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { updateCreator } from "../services/creators/update-creator.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { fetchStorefrontHosts } from "../shopify/storefront-domain.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { describeActor, describeAuditAction } from "../components/merchant-words";

/** Creator.shippingAddress as stored by the creator form / application (JSON); anything else reads as none. */
function readCreatorAddress(value: unknown): Partial<Record<"line1" | "line2" | "city" | "region" | "postalCode" | "country", string>> | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

async function readStorefrontHost(admin: Parameters<typeof fetchStorefrontHosts>[0], fallback: string) {
  try {
    return (await fetchStorefrontHosts(admin)).primaryHost;
  } catch {
    return fallback; // the myshopify host always works; links still show
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => documentTitle(data && "creator" in data ? data.creator.name : "Creator");

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { session, admin } = context;
  const shop = await loadShop(db, session.shop, admin);
  const creator = await findCreator(db, session.shop, params.creatorId ?? "");
  if (!creator) throw new Response("This creator does not exist in your shop. It may have been deleted.", { status: 404 });
  const [performance, codesAndLinks, lastEmail, history, application, apiKeys, payoutDetails, risk] = await Promise.all([
    loadCreatorPerformanceView(db, shop, creator.id, new URL(request.url), new Date()),
    readStorefrontHost(admin, session.shop).then((host) => loadCreatorCodesAndLinks(db, session.shop, creator.id, host)),
    db.sentEmail.findFirst({ where: { shop: session.shop, to: creator.email }, orderBy: { createdAt: "desc" } }),
    db.auditEvent.findMany({
      where: { shop: session.shop, subjectType: "creator", subjectId: creator.id },
      orderBy: { createdAt: "desc" },
      take: 10,
    }),
    db.creatorApplication.findFirst({ where: { shop: session.shop, creatorId: creator.id }, orderBy: { createdAt: "desc" } }),
    db.apiKey.findMany({ where: { shop: session.shop }, select: { id: true, name: true } }),
    loadPayoutDetailsReview(db, session.shop, creator.id, shop.ianaTimezone),
    listCreatorRiskFlags(db, { shop: session.shop, creatorId: creator.id, timeZone: shop.ianaTimezone, actors: { viewer: readStaffActor(context) } }),
  ]);
  const apiKeyNames = Object.fromEntries(apiKeys.map((key) => [key.id, key.name]));
  const social = (creator.socialHandles ?? {}) as SocialHandles;
  const address = readCreatorAddress(creator.shippingAddress);
  const form: CreatorFormValues = {
    phone: creator.phone ?? "",
    addressLine1: address?.line1 ?? "",
    addressLine2: address?.line2 ?? "",
    addressCity: address?.city ?? "",
    addressRegion: address?.region ?? "",
    addressPostalCode: address?.postalCode ?? "",
    addressCountry: address?.country ?? "",
    name: creator.name,
    email: creator.email,
    handle: creator.handle,
    instagram: social.instagram ?? "",
    tiktok: social.tiktok ?? "",
    youtube: social.youtube ?? "",
    x: social.x ?? "",
    website: social.website ?? "",
    payoutEmail: creator.payoutEmail ?? "",
    notes: creator.notes ?? "",
    status: creator.status,
    // Overrides are percentage or flat only (tiered is a program default); the creator form never stores "tiered".
    commissionType: creator.commissionOverrideType === "percentage" || creator.commissionOverrideType === "flat" ? creator.commissionOverrideType : "none",
    commissionPercent: creator.commissionOverrideBasisPoints !== null ? formatPercentText(creator.commissionOverrideBasisPoints) : "",
    commissionFlat:
      creator.commissionOverrideFlatMinor !== null
        ? formatDecimalAmount({ amountMinor: creator.commissionOverrideFlatMinor, currency: shop.currencyCode })
        : "",
  };
  return {
    creator: { id: creator.id, name: creator.name, status: creator.status, refToken: creator.refToken, statusReason: creator.statusReason },
    form,
    currency: shop.currencyCode,
    timeZone: shop.ianaTimezone,
    performance,
    codesAndLinks,
    lastEmail: lastEmail ? { subject: lastEmail.subject, error: lastEmail.error, at: lastEmail.createdAt.toISOString() } : null,
    history: history.map((event) => ({
      id: event.id,
      action: event.action,
      actor: describeActor(event.actor, { viewer: readStaffActor(context), apiKeyNames }),
      reason: event.reason,
      details: event.details as Record<string, unknown>,
      at: formatShopDateTime(event.createdAt, shop.ianaTimezone),
    })),
    risk,
    answers: application ? (application.answers as Record<string, string>) : null,
    payoutDetails: payoutDetails ? { ...payoutDetails, reviewedBy: payoutDetails.reviewedBy ? describeActor(payoutDetails.reviewedBy, { viewer: readStaffActor(context), apiKeyNames }) : null } : null,
  };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const shop = await loadShop(db, context.session.shop, context.admin);
  const form = await request.formData();
  const { fields, reason } = readCreatorForm(form);
  const syncCodes = readCodeSyncChoice(form);
  const deps = await buildCreatorServiceDeps(db, shop.shop, context.admin);
  const result = await updateCreator(deps, {
    shop: shop.shop,
    actor: readStaffActor(context),
    creatorId: params.creatorId ?? "",
    fields,
    reason: reason ?? null,
    currency: shop.currencyCode,
    ...(syncCodes === undefined ? {} : { syncCodes }),
  });
  if (result === null) throw new Response("This creator does not exist in your shop. It may have been deleted.", { status: 404 });
  if (!result.ok) return { ok: false as const, errors: toFormErrors(result.errors), notices: [] as string[] };
  return {
    ok: true as const,
    message: result.statusMessage ? `Saved. ${result.statusMessage}` : "Creator saved",
    errors: {},
    notices: result.notices.map((notice) => notice.message),
  };
};

function describeEvent(event: { action: string; details: Record<string, unknown> }): string {
  return describeAuditAction(event.action, event.details);
}

export default function CreatorDetail() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const shopify = useAppBridge();
  const [searchParams] = useSearchParams();
  const saving = navigation.state === "submitting";
  const { creator } = data;

  useEffect(() => {
    if (searchParams.get("created") === "1") shopify.toast.show("Creator added");
  }, [searchParams, shopify]);
  useEffect(() => {
    if (actionData?.ok) shopify.toast.show(actionData.message);
  }, [actionData, shopify]);

  const statusOptions = [creator.status, ...CREATOR_STATUS_TRANSITIONS[creator.status]].map((status) => ({
    label: status === creator.status ? `${STATUS_LABELS[status]} (current)` : STATUS_LABELS[status],
    value: status,
  }));

  return (
    <Page
      title={creator.name}
      titleMetadata={<CreatorStatusBadge status={creator.status} />}
      backAction={{ content: "Creators", url: "/app/creators" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <CreatorPerformanceCard performance={data.performance} />
            {actionData && !actionData.ok ? (
              <Banner tone="critical" title="The changes were not saved">
                <Text as="p">Fix the highlighted fields below, then save again.</Text>
              </Banner>
            ) : null}
            {actionData?.notices.length ? (
              <Banner tone="warning" title="Saved, with something to follow up">
                <BlockStack gap="100">
                  {actionData.notices.map((notice) => (
                    <Text as="p" key={notice}>
                      {notice}
                    </Text>
                  ))}
                </BlockStack>
              </Banner>
            ) : null}
            {data.lastEmail?.error ? (
              <Banner tone="warning" title={`The last email to ${creator.name} was not sent`}>
                <Text as="p">
                  “{data.lastEmail.subject}” failed: {data.lastEmail.error}. Check the mail settings (SMTP_URL), then contact the creator
                  yourself.
                </Text>
              </Banner>
            ) : null}
            <Form method="post" key={creator.id + creator.status}>
              <BlockStack gap="400">
                <CreatorFormFields
                  initial={data.form}
                  errors={actionData?.errors ?? {}}
                  currency={data.currency}
                  statusOptions={statusOptions}
                  suggestHandleFromName={false}
                  currentStatus={creator.status}
                />
                <CreatorCodeSyncCheckbox codeCount={data.codesAndLinks?.codes.length ?? 0} />
                <InlineStack align="end">
                  <Button submit variant="primary" loading={saving}>
                    Save
                  </Button>
                </InlineStack>
              </BlockStack>
            </Form>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <PayoutDetailsReviewCard creatorId={creator.id} details={data.payoutDetails} />
            <CreatorRiskHistoryCard risk={data.risk} />
            {data.codesAndLinks ? (
              <>
                <CreatorCodesCard creatorId={creator.id} creatorName={creator.name} codes={data.codesAndLinks.codes} currency={data.currency} timeZone={data.timeZone} />
                <CreatorLinksCard creatorId={creator.id} creatorName={creator.name} homeUrl={data.codesAndLinks.homeUrl} links={data.codesAndLinks.links} />
              </>
            ) : null}
            {data.answers && Object.keys(data.answers).length > 0 ? (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    Application
                  </Text>
                  {Object.entries(data.answers).map(([question, answer]) => (
                    <BlockStack gap="050" key={question}>
                      <Text as="p" fontWeight="semibold">
                        {question}
                      </Text>
                      <Text as="p">{answer}</Text>
                    </BlockStack>
                  ))}
                </BlockStack>
              </Card>
            ) : null}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">
                  History
                </Text>
                {data.history.map((event) => (
                  <BlockStack gap="050" key={event.id}>
                    <Text as="p">{describeEvent(event)}</Text>
                    <Text as="p" tone="subdued" variant="bodySm">
                      {event.at} · {event.actor}
                      {event.reason ? ` · “${event.reason}”` : ""}
                    </Text>
                  </BlockStack>
                ))}
                <Text as="p" tone="subdued" variant="bodySm">
                  Referral token: {creator.refToken}
                </Text>
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Creator" />;
}
