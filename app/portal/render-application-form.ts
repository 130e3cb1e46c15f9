import { escapeHtml as e } from "../html/escape-html";
import { renderPortalShell, type PortalFrame } from "./render-portal-layout";

export const APPLICATION_FIELDS = [
  { name: "name", label: "Your name", type: "text", required: true, autocomplete: "name" },
  { name: "email", label: "Email", type: "email", required: true, autocomplete: "email" },
  { name: "instagram", label: "Instagram handle", type: "text", required: false, autocomplete: "off" },
  { name: "tiktok", label: "TikTok handle", type: "text", required: false, autocomplete: "off" },
  { name: "youtube", label: "YouTube channel", type: "text", required: false, autocomplete: "off" },
  { name: "website", label: "Website", type: "url", required: false, autocomplete: "url" },
  // Optional; the shop compares them with orders to spot a creator buying through their own link or code.
  { name: "phone", label: "Phone, with country code", type: "tel", required: false, autocomplete: "tel" },
  { name: "addressLine1", label: "Shipping address: street", type: "text", required: false, autocomplete: "address-line1" },
  { name: "addressLine2", label: "Apartment, suite, etc.", type: "text", required: false, autocomplete: "address-line2" },
  { name: "addressCity", label: "City", type: "text", required: false, autocomplete: "address-level2" },
  { name: "addressRegion", label: "State or region", type: "text", required: false, autocomplete: "address-level1" },
  { name: "addressPostalCode", label: "Postal code", type: "text", required: false, autocomplete: "postal-code" },
  { name: "addressCountry", label: "Country code (two letters, like US)", type: "text", required: false, autocomplete: "country" },
] as const;

export interface ApplicationFormView {
  values: Record<string, string>;
  errors: Array<{ field: string; message: string }>;
}

/** The public application form; its answers go to the merchant's review queue. */
export function renderApplicationForm(frame: PortalFrame, view: ApplicationFormView): string {
  const errorFor = (field: string) => view.errors.filter((error) => error.field === field).map((error) => `<span class="affable-error">${e(error.message)}</span>`).join(" ");
  const fields = APPLICATION_FIELDS.map(
    (field) =>
      `<label for="affable-${field.name}">${e(field.label)}${field.required ? "" : " (optional)"}</label>` +
      `<input id="affable-${field.name}" name="${field.name}" type="${field.type}" autocomplete="${field.autocomplete}"${field.required ? " required" : ""} value="${e(view.values[field.name] ?? "")}">` +
      errorFor(field.name),
  ).join("");
  const general = view.errors.filter((error) => !APPLICATION_FIELDS.some((field) => field.name === error.field));
  const summary = general.length ? `<p class="affable-error" role="alert">${general.map((error) => e(error.message)).join(" ")}</p>` : "";
  return renderPortalShell(
    frame,
    `<h1>Join the ${e(frame.shopName)} creator program</h1>` +
      `<p>Share a discount code and your own link, and earn a commission on every order you bring in.</p>${summary}` +
      `<form method="post" action="${e(`${frame.prefix}/apply`)}">${fields}` +
      `<label for="affable-audience">Tell us about your audience</label>` +
      `<textarea id="affable-audience" name="audience" rows="4" maxlength="5000">${e(view.values.audience ?? "")}</textarea>${errorFor("answers")}` +
      `<p><button type="submit" class="button">Send my application</button></p></form>`,
  );
}
