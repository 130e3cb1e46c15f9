/**
 * Developers: API keys for the public REST API (created here, the secret shown exactly once, listed with scope
 * and last use, revoked), outbound webhook endpoints (events, signing secret, enable/disable) with their delivery
 * log and replay, and a link to the API reference.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, ChoiceList, DataTable, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { API_KEY_SCOPE_LABELS, API_KEY_SCOPE_ORDER } from "../api/api-key-scopes";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import {
  createWebhookEndpoint,
  listOutboundDeliveries,
  listWebhookEndpoints,
  replayOutboundMessage,
  setWebhookEndpointEnabled,
  webhookEndpointFormSchema,
} from "../outbound-webhooks/manage-webhook-endpoints.server";
import { OUTBOUND_EVENT_TYPES } from "../outbound-webhooks/outbound-event-types";
import { apiKeyFormSchema, createApiKey, listApiKeys, revokeApiKey } from "../services/api/api-keys.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";
import { documentTitle } from "../components/document-title";
import { formatShopDateTime } from "../domain/reporting/format-shop-date";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";

export const meta: MetaFunction = () => documentTitle("Developers");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [keys, endpoints, deliveries, timeZone] = await Promise.all([listApiKeys(db, session.shop), listWebhookEndpoints(db, session.shop), listOutboundDeliveries(db, session.shop), readShopTimeZone(db, session.shop)]);
  const formatWhen = (instant: Date | null) => (instant === null ? "Never" : formatShopDateTime(instant, timeZone));
  return {
    docsUrl: "/api/v1/docs",
    endpoints: endpoints.map((endpoint) => ({ id: endpoint.id, url: endpoint.url, description: endpoint.description, events: endpoint.events, secret: endpoint.secret, enabled: endpoint.enabled })),
    deliveries: deliveries.map((message) => ({
      id: message.id,
      eventType: message.eventType,
      endpointUrl: endpoints.find((endpoint) => endpoint.id === message.endpointId)?.url ?? "(deleted endpoint)",
      status: message.status,
      codes: message.attemptLog.map((attempt) => (attempt.statusCode === null ? "no answer" : String(attempt.statusCode))),
      lastError: message.lastError,
      createdAt: formatWhen(message.createdAt),
    })),
    keys: keys.map((key) => ({
      id: key.id,
      name: key.name,
      prefix: key.prefix,
      scope: key.scope,
      createdAt: formatWhen(key.createdAt),
      lastUsedAt: formatWhen(key.lastUsedAt),
      revokedAt: key.revokedAt ? formatWhen(key.revokedAt) : null,
    })),
  };
};

/** Built per request: it uses server-only schemas, so it must not sit at module level of a route the client imports. */
function buildActionSchema() {
  return z.discriminatedUnion("intent", [
    apiKeyFormSchema.extend({ intent: z.literal("create-key") }),
    z.object({ intent: z.literal("revoke-key"), keyId: z.string().min(1) }),
    webhookEndpointFormSchema.extend({ intent: z.literal("create-endpoint") }),
    z.object({ intent: z.literal("toggle-endpoint"), endpointId: z.string().min(1), enabled: z.enum(["true", "false"]) }),
    z.object({ intent: z.literal("replay-message"), messageId: z.string().min(1) }),
  ]);
}

type ActionData =
  | { ok: true; intent: "create-key"; secret: string; name: string }
  | { ok: true; intent: "revoke-key" | "create-endpoint" | "toggle-endpoint" | "replay-message"; message: string }
  | { ok: false; errors: Record<string, string> };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const form = await request.formData();
  const parsed = buildActionSchema().safeParse({ ...Object.fromEntries(form), events: form.getAll("events") });
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0] ?? "form"), issue.message])) };
  }
  const actor = readStaffActor(context);
  const now = new Date();
  if (parsed.data.intent === "create-key") {
    const created = await createApiKey(db, { shop, name: parsed.data.name, scope: parsed.data.scope, actor, now });
    return { ok: true, intent: "create-key", secret: created.secret, name: created.name };
  }
  if (parsed.data.intent === "create-endpoint") {
    const { intent: _intent, ...endpoint } = parsed.data;
    const created = await createWebhookEndpoint(db, { shop, actor, now, ...endpoint });
    if (!created.ok) return { ok: false, errors: created.errors };
    return { ok: true, intent: "create-endpoint", message: "Endpoint added. Verify deliveries with its signing secret (Standard Webhooks)." };
  }
  if (parsed.data.intent === "toggle-endpoint") {
    const enabled = parsed.data.enabled === "true";
    const changed = await setWebhookEndpointEnabled(db, { shop, actor, endpointId: parsed.data.endpointId, enabled });
    return changed
      ? { ok: true, intent: "toggle-endpoint", message: enabled ? "Endpoint enabled." : "Endpoint disabled: new events are not sent to it." }
      : { ok: false, errors: { form: "That endpoint no longer exists. Reload the page." } };
  }
  if (parsed.data.intent === "replay-message") {
    const replayed = await replayOutboundMessage(db, { shop, actor, messageId: parsed.data.messageId, now });
    return replayed
      ? { ok: true, intent: "replay-message", message: "Queued again: it is sent within a few seconds." }
      : { ok: false, errors: { form: "That delivery is still being sent, or no longer exists. Reload the page." } };
  }
  const revoked = await revokeApiKey(db, { shop, keyId: parsed.data.keyId, actor, now });
  return revoked
    ? { ok: true, intent: "revoke-key", message: "Key revoked: requests with it are refused from now on." }
    : { ok: false, errors: { form: "That key is already revoked or does not exist. Reload the page to see the current keys." } };
};


export default function DevelopersPage() {
  const { keys, docsUrl, endpoints, deliveries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [name, setName] = useState("");
  const [scope, setScope] = useState<string>("read");
  const errors = result && !result.ok ? result.errors : {};
  const busy = navigation.state === "submitting";

  const rows = keys.map((key) => [
    key.name,
    <Text as="span" key="prefix" fontWeight="medium">{`${key.prefix}…`}</Text>,
    API_KEY_SCOPE_LABELS[key.scope],
    key.lastUsedAt,
    key.revokedAt ? (
      <Badge key="status" tone="critical">{`Revoked ${key.revokedAt}`}</Badge>
    ) : (
      <Form method="post" key="revoke">
        <input type="hidden" name="intent" value="revoke-key" />
        <input type="hidden" name="keyId" value={key.id} />
        <Button submit tone="critical" variant="plain" accessibilityLabel={`Revoke ${key.name}`}>
          Revoke
        </Button>
      </Form>
    ),
  ]);

  return (
    <Page title="Developers" subtitle="Connect your own backend to Affable through the REST API." secondaryActions={[{ content: "API reference", url: docsUrl, target: "_blank" }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok && result.intent === "create-key" ? (
              <Banner tone="success" title={`API key “${result.name}” created`}>
                <BlockStack gap="200">
                  <Text as="p">Copy it now: Affable stores only a hash and cannot show it again.</Text>
                  <TextField label="API key" labelHidden value={result.secret} readOnly autoComplete="off" monospaced selectTextOnFocus />
                </BlockStack>
              </Banner>
            ) : null}
            {result?.ok && result.intent !== "create-key" ? <Banner tone="info" title={result.message} /> : null}
            {errors.form ? <Banner tone="critical" title={errors.form} /> : null}
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">Create an API key</Text>
                <Form method="post">
                  <input type="hidden" name="intent" value="create-key" />
                  <FormLayout>
                    <FormLayout.Group>
                      <TextField label="Name" name="name" value={name} onChange={setName} autoComplete="off" helpText="What uses it, e.g. “Headless storefront”." error={errors.name} />
                      <Select
                        label="Scope"
                        name="scope"
                        options={API_KEY_SCOPE_ORDER.map((value) => ({ label: API_KEY_SCOPE_LABELS[value], value }))}
                        helpText="Only a key that may create discount codes can mint them (money off for shoppers): give that scope only to what needs it."
                        value={scope}
                        onChange={setScope}
                        error={errors.scope}
                      />
                    </FormLayout.Group>
                    <InlineStack align="end">
                      <Button submit variant="primary" loading={busy}>
                        Create key
                      </Button>
                    </InlineStack>
                  </FormLayout>
                </Form>
              </BlockStack>
            </Card>
            <Card padding="0">
              {rows.length === 0 ? (
                <BlockStack gap="200" inlineAlign="start">
                  <div style={{ padding: "16px" }}>
                    <Text as="p" tone="subdued">No API keys yet. Create one above, then follow the API reference.</Text>
                  </div>
                </BlockStack>
              ) : (
                <DataTable columnContentTypes={["text", "text", "text", "text", "text"]} headings={["Name", "Key", "Scope", "Last used", ""]} rows={rows} />
              )}
            </Card>
            <WebhookEndpointsCard endpoints={endpoints} errors={errors} busy={busy} />
            <DeliveryLogCard deliveries={deliveries} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function WebhookEndpointsCard({ endpoints, errors, busy }: { endpoints: LoaderData["endpoints"]; errors: Record<string, string>; busy: boolean }) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>(["commission.created"]);
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingMd">Webhooks</Text>
        <Text as="p" tone="subdued">
          Affable POSTs each event as JSON, signed in the Standard Webhooks format (webhook-id, webhook-timestamp, webhook-signature headers). Failed deliveries are retried for about a day.
        </Text>
        {endpoints.map((endpoint) => (
          <BlockStack gap="100" key={endpoint.id}>
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" fontWeight="semibold">{endpoint.url}</Text>
              <Badge tone={endpoint.enabled ? "success" : undefined}>{endpoint.enabled ? "Enabled" : "Disabled"}</Badge>
              <Form method="post">
                <input type="hidden" name="intent" value="toggle-endpoint" />
                <input type="hidden" name="endpointId" value={endpoint.id} />
                <input type="hidden" name="enabled" value={endpoint.enabled ? "false" : "true"} />
                <Button submit variant="plain">{endpoint.enabled ? "Disable" : "Enable"}</Button>
              </Form>
            </InlineStack>
            <Text as="p" tone="subdued">{`${endpoint.description ? `${endpoint.description} · ` : ""}${endpoint.events.join(", ")}`}</Text>
            <TextField label="Signing secret" value={endpoint.secret} readOnly autoComplete="off" monospaced selectTextOnFocus />
          </BlockStack>
        ))}
        <Form method="post">
          <input type="hidden" name="intent" value="create-endpoint" />
          {events.map((event) => (
            <input type="hidden" name="events" value={event} key={event} />
          ))}
          <FormLayout>
            <TextField label="Endpoint URL" name="url" value={url} onChange={setUrl} autoComplete="off" placeholder="https://example.com/webhooks/affable" error={errors.url} />
            <TextField label="Description" name="description" value={description} onChange={setDescription} autoComplete="off" error={errors.description} />
            <ChoiceList
              title="Events"
              allowMultiple
              choices={OUTBOUND_EVENT_TYPES.map((event) => ({ label: event, value: event }))}
              selected={events}
              onChange={setEvents}
              error={errors.events}
            />
            <InlineStack align="end">
              <Button submit loading={busy}>Add endpoint</Button>
            </InlineStack>
          </FormLayout>
        </Form>
      </BlockStack>
    </Card>
  );
}

function DeliveryLogCard({ deliveries }: { deliveries: LoaderData["deliveries"] }) {
  if (deliveries.length === 0) return null;
  const rows = deliveries.map((delivery) => [
    delivery.createdAt,
    delivery.eventType,
    delivery.endpointUrl,
    <Badge key="status" tone={delivery.status === "delivered" ? "success" : delivery.status === "failed" ? "critical" : "attention"}>{delivery.status}</Badge>,
    delivery.codes.join(" → ") || "not sent yet",
    delivery.status === "pending" ? (
      ""
    ) : (
      <Form method="post" key="replay">
        <input type="hidden" name="intent" value="replay-message" />
        <input type="hidden" name="messageId" value={delivery.id} />
        <Button submit variant="plain">Replay</Button>
      </Form>
    ),
  ]);
  return (
    <Card padding="0">
      <div style={{ padding: "16px 16px 0" }}>
        <Text as="h2" variant="headingMd">Recent deliveries</Text>
      </div>
      <DataTable columnContentTypes={["text", "text", "text", "text", "text", "text"]} headings={["Created", "Event", "Endpoint", "Status", "Response codes", ""]} rows={rows} />
    </Card>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Developers" />;
}
