/**
 * PayPal's REST error body: { name, message, debug_id, information_link, details: [{ field, value?, location, issue,
 * description? }], links }. The OAuth endpoint answers in OAuth's own shape ({ error, error_description }).
 */
import { randomDebugId } from "./paypal-ids.ts";

export type PaypalErrorDetail = { field?: string; value?: string; location?: "body" | "path" | "query" | "header"; issue: string; description?: string };
export type PaypalLink = { href: string; rel: string; method?: string; encType?: string };

export interface PaypalErrorBody {
  name: string;
  message: string;
  debug_id: string;
  information_link: string;
  details?: PaypalErrorDetail[];
  links?: PaypalLink[];
}

export function paypalError(name: string, message: string, details?: PaypalErrorDetail[], links?: PaypalLink[]): PaypalErrorBody {
  return {
    name,
    message,
    debug_id: randomDebugId(),
    information_link: "https://developer.paypal.com/docs/api/payments.payouts-batch/#errors",
    ...(details && details.length > 0 ? { details } : {}),
    ...(links && links.length > 0 ? { links } : {}),
  };
}

export function validationError(details: PaypalErrorDetail[]): PaypalErrorBody {
  return paypalError("VALIDATION_ERROR", "Invalid request - see details.", details);
}

export const AUTHENTICATION_FAILURE = (): PaypalErrorBody =>
  paypalError("AUTHENTICATION_FAILURE", "Authentication failed due to invalid authentication credentials or a missing Authorization header.");
