/**
 * The creator portal's tax details page: the form in force (TIN by its last 4 only) and the two forms to sign, a W-9
 * for US persons and a W-8BEN for everyone else, each with its certification text above the typed-name signature.
 * A TIN typed into a refused form is never echoed back: the creator types it again.
 */
import { escapeHtml as e } from "../html/escape-html";
import { openPortalForm, renderErrorSummary, renderNotice, renderRadioGroup, renderSelectField, renderTextField, type FieldError } from "./render-portal-form-fields";
import { renderPortalLayout, type PortalFrame } from "./render-portal-layout";

type Option = { value: string; label: string };

export interface PortalTaxView {
  creatorName: string;
  formToken: string;
  current: { kindLabel: string; legalName: string; tinText: string; signatureName: string; signedText: string } | null;
  notice: string | null;
  /** Which form was just refused (its errors are shown), if any. */
  refused: "w9" | "w8ben" | null;
  values: Record<string, string>;
  errors: readonly FieldError[];
  classifications: readonly Option[];
  countries: readonly Option[];
  w9Certification: readonly string[];
  w8benCertification: readonly string[];
  todayText: string;
}

function renderCertification(lines: readonly string[]): string {
  return `<div class="affable-card affable-certification">${lines.map((line) => `<p>${e(line)}</p>`).join("")}</div>`;
}

function renderSignature(view: PortalTaxView, prefix: string, values: Record<string, string>, errors: readonly FieldError[]): string {
  const certifyId = `affable-${prefix}-certify`;
  const certifyErrors = errors.filter((error) => error.field === "certify");
  return (
    `<div class="affable-choice"><input type="checkbox" id="${certifyId}" name="certify" value="yes"${values.certify === "yes" ? " checked" : ""}` +
    (certifyErrors.length ? ` aria-invalid="true" aria-describedby="${certifyId}-error"` : "") +
    `><label for="${certifyId}">I certify the statements above.</label>` +
    (certifyErrors.length ? `<span id="${certifyId}-error" class="affable-error">${certifyErrors.map((error) => e(error.message)).join(" ")}</span>` : "") +
    `</div>` +
    renderTextField({ name: "signature_name", label: "Signature: type your full name", value: values.signature_name ?? "", errors, autocomplete: "name", required: true, maxLength: 200, idPrefix: prefix }) +
    `<p class="affable-muted">Dated ${e(view.todayText)} when you submit. Typing your name is your signature.</p>`
  );
}

function renderW9(frame: PortalFrame, view: PortalTaxView): string {
  const mine = view.refused === "w9";
  const values = mine ? view.values : {};
  const errors = mine ? view.errors : [];
  const field = (name: string, label: string, options: Partial<Parameters<typeof renderTextField>[0]> = {}) =>
    renderTextField({ name, label, value: values[name] ?? "", errors, required: true, idPrefix: "w9", maxLength: 200, ...options });
  return (
    `<section aria-labelledby="affable-w9-heading"><h3 id="affable-w9-heading">Form W-9 (US persons)</h3>` +
    (mine ? renderErrorSummary(errors, "w9") : "") +
    openPortalForm(frame, "tax", view.formToken) +
    `<input type="hidden" name="intent" value="w9">` +
    field("legal_name", "Name (as shown on your income tax return)", { autocomplete: "name" }) +
    field("business_name", "Business name or disregarded entity name", { required: false }) +
    renderSelectField({ name: "tax_classification", label: "Federal tax classification", value: values.tax_classification ?? "", options: view.classifications, errors, idPrefix: "w9" }) +
    field("address_line1", "Address (number, street, and apt. or suite no.)", { autocomplete: "address-line1" }) +
    field("address_line2", "Address line 2", { required: false, autocomplete: "address-line2" }) +
    field("city", "City", { autocomplete: "address-level2", maxLength: 100 }) +
    field("region", "State (2 letters)", { autocomplete: "address-level1", maxLength: 2 }) +
    field("postal_code", "ZIP code", { autocomplete: "postal-code", maxLength: 10, inputMode: "numeric" }) +
    renderRadioGroup({
      name: "tin_type",
      legend: "Taxpayer identification number (TIN)",
      value: values.tin_type ?? "",
      options: [
        { value: "ssn", label: "Social Security number (SSN)" },
        { value: "ein", label: "Employer identification number (EIN)" },
      ],
      errors,
      idPrefix: "w9",
    }) +
    field("tin", "SSN or EIN", { hint: "SSN: 123-45-6789. EIN: 12-3456789. Stored encrypted; only the last 4 digits are shown afterwards.", maxLength: 11, inputMode: "numeric" }) +
    `<h4>Certification</h4>${renderCertification(view.w9Certification)}` +
    renderSignature(view, "w9", values, errors) +
    `<p><button type="submit" class="button">Sign and submit the W-9</button></p></form></section>`
  );
}

function renderW8ben(frame: PortalFrame, view: PortalTaxView): string {
  const mine = view.refused === "w8ben";
  const values = mine ? view.values : {};
  const errors = mine ? view.errors : [];
  const field = (name: string, label: string, options: Partial<Parameters<typeof renderTextField>[0]> = {}) =>
    renderTextField({ name, label, value: values[name] ?? "", errors, required: true, idPrefix: "w8", maxLength: 200, ...options });
  return (
    `<section aria-labelledby="affable-w8-heading"><h3 id="affable-w8-heading">Form W-8BEN (not a US person)</h3>` +
    (mine ? renderErrorSummary(errors, "w8") : "") +
    openPortalForm(frame, "tax", view.formToken) +
    `<input type="hidden" name="intent" value="w8ben">` +
    field("legal_name", "Name of individual who is the beneficial owner", { autocomplete: "name" }) +
    renderSelectField({ name: "citizenship", label: "Country of citizenship", value: values.citizenship ?? "", options: view.countries, errors, idPrefix: "w8" }) +
    field("address_line1", "Permanent residence address (street, apt. or suite no.)", { autocomplete: "address-line1" }) +
    field("address_line2", "Address line 2", { required: false, autocomplete: "address-line2" }) +
    field("city", "City or town", { autocomplete: "address-level2", maxLength: 100 }) +
    field("region", "State or province", { required: false, autocomplete: "address-level1", maxLength: 100 }) +
    field("postal_code", "Postal code", { required: false, autocomplete: "postal-code", maxLength: 20 }) +
    renderSelectField({ name: "address_country", label: "Country of residence", value: values.address_country ?? "", options: view.countries, errors, idPrefix: "w8", autocomplete: "country" }) +
    field("foreign_tin", "Foreign tax identifying number", { required: false, maxLength: 40, hint: "Stored encrypted; only the last 4 characters are shown afterwards." }) +
    field("foreign_tin_reason", "If you have no foreign tax identifying number, why not", { required: false, maxLength: 300 }) +
    field("date_of_birth", "Date of birth", { required: false, type: "date", autocomplete: "bday", maxLength: 10 }) +
    `<h4>Certification</h4>${renderCertification(view.w8benCertification)}` +
    renderSignature(view, "w8", values, errors) +
    `<p><button type="submit" class="button">Sign and submit the W-8BEN</button></p></form></section>`
  );
}

export function renderPortalTax(frame: PortalFrame, view: PortalTaxView): string {
  const current = view.current
    ? `<div class="affable-card"><p><strong>${e(view.current.kindLabel)}</strong> for ${e(view.current.legalName)}</p>` +
      `<p>Tax identifying number: ${e(view.current.tinText)}</p>` +
      `<p class="affable-muted">Signed by ${e(view.current.signatureName)} on ${e(view.current.signedText)}. Submitting a new form replaces it.</p></div>`
    : `<p>You have not submitted a tax form yet. The shop may need one before it can pay you.</p>`;
  const body =
    `<h2>Tax details</h2>${renderNotice(view.notice)}${current}` +
    `<p>US citizens and residents sign the W-9; everyone else signs the W-8BEN.</p>` +
    renderW9(frame, view) +
    renderW8ben(frame, view);
  return renderPortalLayout(frame, { current: "tax", creatorName: view.creatorName, body });
}
