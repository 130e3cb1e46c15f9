import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWebhook } from "../services/sync/receive-webhook.server";

// orders/paid (shopify.app.toml): stored in the webhook inbox, processed by app/webhooks/process-webhook-events.server.ts.
export const action = ({ request }: ActionFunctionArgs) => receiveWebhook(request);
