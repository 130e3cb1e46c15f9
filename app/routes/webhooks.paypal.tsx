import type { ActionFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { receivePaypalWebhook } from "../services/payouts/paypal/receive-paypal-webhook.server";

// PayPal payouts webhooks (PAYMENT.PAYOUTSBATCH.*, PAYMENT.PAYOUTS-ITEM.*), subscribed from Settings › PayPal as
// /webhooks/paypal?shop=<shop>. The signature is PayPal's (RSA, certificate), not Shopify's HMAC: checked in the service.
export const action = ({ request }: ActionFunctionArgs) => receivePaypalWebhook(db, request);
