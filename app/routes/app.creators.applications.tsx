import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Button, Card, EmptyState, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import type { SocialHandles } from "../domain/creators";
import { buildCodeRetryDeps, buildCreatorServiceDeps } from "../services/creators/build-creator-service-deps.server";
import { createCodeForApprovedCreator } from "../services/creators/change-creator-status.server";
import { reviewCreatorApplication } from "../services/creators/review-creator-application.server";
import { loadShop } from "../services/sync/sync-shop.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDate } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

export const meta: MetaFunction = () => documentTitle("Applications");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const timeZone = await readShopTimeZone(db, session.shop);
  const applications = await db.creatorApplication.findMany({
    where: { shop: session.shop, status: "pending" },
    include: { creator: true },
    orderBy: { createdAt: "asc" },
    take: 100,
  });
  return {
    applications: applications.map((application) => ({
      id: application.id,
      createdAt: application.createdAt.toISOString(),
      appliedOn: formatShopDate(application.createdAt, timeZone),
      answers: application.answers as Record<string, string>,
      creator: {
        id: application.creator.id,
        name: application.creator.name,
        email: application.creator.email,
        handle: application.creator.handle,
        social: application.creator.socialHandles as SocialHandles,
      },
    })),
  };
};

const reviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), applicationId: z.string().min(1) }),
  z.object({ intent: z.literal("reject"), applicationId: z.string().min(1), reason: z.string().trim().max(1000).default("") }),
  z.object({ intent: z.literal("retry-code"), creatorId: z.string().min(1), creatorName: z.string().default("the creator") }),
]);

const REVIEW_FETCHER = "application-review";

type ReviewActionData = { ok: boolean; message: string; notices: Array<{ creatorId: string; kind: string; message: string }>; applicationId?: string; creatorId?: string };

export const action = async ({ request }: ActionFunctionArgs): Promise<ReviewActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  await loadShop(db, shop, context.admin);
  const parsed = reviewSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false, message: "That request was incomplete. Reload the page and try again.", notices: [] };
  const actor = readStaffActor(context);
  if (parsed.data.intent === "retry-code") {
    const creator = await db.creator.findUnique({ where: { shop_id: { shop, id: parsed.data.creatorId } } });
    if (!creator) return { ok: false, message: "This creator no longer exists. Reload the page.", notices: [] };
    const notices = await createCodeForApprovedCreator(buildCodeRetryDeps(db, context.admin), { shop, actor, creator });
    return notices.length === 0
      ? { ok: true, message: `Discount code created for ${creator.name}`, notices: [], creatorId: creator.id }
      : { ok: false, message: "The discount code was not created", notices, creatorId: creator.id };
  }
  const deps = await buildCreatorServiceDeps(db, shop, context.admin);
  const result = await reviewCreatorApplication(deps, {
    shop,
    actor,
    applicationId: parsed.data.applicationId,
    decision: parsed.data.intent,
    reason: parsed.data.intent === "reject" ? parsed.data.reason : null,
  });
  if (result === null) return { ok: false, message: "This application no longer exists. Reload the page.", notices: [] };
  if (!result.ok) {
    return { ok: false, message: result.errors.map((error) => error.message).join(" "), notices: [], applicationId: parsed.data.applicationId };
  }
  const refused = result.refused[0];
  if (refused) return { ok: false, message: refused.message, notices: [] };
  const name = result.changed[0]?.name ?? "The creator";
  return {
    ok: true,
    message: parsed.data.intent === "approve" ? `${name} approved` : `${name} rejected`,
    notices: result.notices,
  };
};

function ApplicationCard({ application }: { application: ReturnType<typeof useLoaderData<typeof loader>>["applications"][number] }) {
  const fetcher = useFetcher<typeof action>({ key: REVIEW_FETCHER });
  const [reason, setReason] = useState("");
  const [rejecting, setRejecting] = useState(false);
  const busy = fetcher.state !== "idle" && fetcher.formData?.get("applicationId") === application.id;
  const error = fetcher.data && !fetcher.data.ok && fetcher.data.applicationId === application.id ? fetcher.data.message : undefined;
  const social = Object.entries(application.creator.social).filter(([, value]) => value);
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <BlockStack gap="050">
            <Text as="h2" variant="headingMd">
              <Link to={`/app/creators/${application.creator.id}`}>{application.creator.name}</Link>
            </Text>
            <Text as="p" tone="subdued">
              {application.creator.email} · @{application.creator.handle} · applied {application.appliedOn}
            </Text>
          </BlockStack>
        </InlineStack>
        {social.length > 0 ? <Text as="p">{social.map(([network, value]) => `${network}: ${value}`).join(" · ")}</Text> : null}
        {Object.entries(application.answers).map(([question, answer]) => (
          <BlockStack gap="050" key={question}>
            <Text as="p" fontWeight="semibold">
              {question}
            </Text>
            <Text as="p">{answer}</Text>
          </BlockStack>
        ))}
        {rejecting ? (
          <TextField
            label="Reason for rejecting (required)"
            value={reason}
            onChange={setReason}
            autoComplete="off"
            error={error}
            helpText="Kept with the decision in the audit trail."
          />
        ) : null}
        <InlineStack gap="200" align="end">
          {rejecting ? (
            <>
              <Button onClick={() => setRejecting(false)} disabled={busy}>
                Cancel
              </Button>
              <Button
                tone="critical"
                variant="primary"
                loading={busy}
                onClick={() => fetcher.submit({ intent: "reject", applicationId: application.id, reason }, { method: "post" })}
              >
                Reject
              </Button>
            </>
          ) : (
            <>
              <Button onClick={() => setRejecting(true)} disabled={busy}>
                Reject…
              </Button>
              <Button variant="primary" loading={busy} onClick={() => fetcher.submit({ intent: "approve", applicationId: application.id }, { method: "post" })}>
                Approve
              </Button>
            </>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

export default function Applications() {
  const { applications } = useLoaderData<typeof loader>();
  const shopify = useAppBridge();
  // Every card reviews through one keyed fetcher, so the result outlives the card it came from.
  const review = useFetcher<typeof action>({ key: REVIEW_FETCHER });
  const retry = useFetcher<typeof action>();
  const [notices, setNotices] = useState<ReviewActionData["notices"]>([]);

  // Collect each result's notices once (React's "adjust state when a value changes" pattern); toasts are effects.
  const [seenReview, setSeenReview] = useState<unknown>(null);
  if (review.state === "idle" && review.data && review.data !== seenReview) {
    const data = review.data;
    setSeenReview(data);
    if (data.notices.length) setNotices((current) => [...current, ...data.notices]);
  }
  const [seenRetry, setSeenRetry] = useState<unknown>(null);
  if (retry.state === "idle" && retry.data && retry.data !== seenRetry) {
    const data = retry.data;
    setSeenRetry(data);
    setNotices((current) => [...current.filter((notice) => !(notice.kind === "code" && notice.creatorId === data.creatorId)), ...data.notices]);
  }

  useEffect(() => {
    if (review.state !== "idle" || !review.data || review.data.applicationId !== undefined) return;
    shopify.toast.show(review.data.message, { isError: !review.data.ok });
  }, [review.state, review.data, shopify]);

  useEffect(() => {
    if (retry.state !== "idle" || !retry.data) return;
    shopify.toast.show(retry.data.message, { isError: !retry.data.ok });
  }, [retry.state, retry.data, shopify]);

  return (
    <Page title="Applications" backAction={{ content: "Creators", url: "/app/creators" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {notices.map((notice) => (
              <Banner
                key={`${notice.creatorId}-${notice.kind}`}
                tone="warning"
                title={notice.kind === "code" ? "Approved, but the discount code is missing" : "Approved, but the email was not sent"}
                onDismiss={() => setNotices((current) => current.filter((n) => n !== notice))}
                {...(notice.kind === "code"
                  ? {
                      action: {
                        content: "Retry creating the code",
                        loading: retry.state !== "idle",
                        onAction: () => retry.submit({ intent: "retry-code", creatorId: notice.creatorId }, { method: "post" }),
                      },
                    }
                  : {})}
              >
                <Text as="p">{notice.message}</Text>
              </Banner>
            ))}
            {applications.length === 0 ? (
              <Card>
                <EmptyState heading="No applications waiting" image="/empty-state.svg" action={{ content: "Back to creators", url: "/app/creators" }}>
                  <Text as="p">
                    When creators apply through your storefront form, their applications appear here for you to approve or reject.
                  </Text>
                </EmptyState>
              </Card>
            ) : (
              applications.map((application) => <ApplicationCard key={application.id} application={application} />)
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Applications" />;
}
