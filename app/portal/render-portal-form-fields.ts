/**
 * Form pieces shared by the portal's forms that change something (payout details, tax form): labelled fields whose
 * error is tied to them (aria-invalid, aria-describedby), an error summary read out first, the form token and the
 * session hook. Every value is escaped here.
 */
import { escapeHtml as e } from "../html/escape-html";
import type { PortalFrame } from "./render-portal-layout";

export interface FieldError {
  field: string;
  message: string;
}

export interface TextFieldOptions {
  name: string;
  label: string;
  value: string;
  errors: readonly FieldError[];
  type?: "text" | "email" | "date";
  autocomplete?: string;
  required?: boolean;
  hint?: string;
  maxLength?: number;
  inputMode?: "text" | "numeric";
  idPrefix?: string;
}

/** A field's element id; `prefix` keeps ids unique when one page holds two forms with the same field names. */
export const fieldId = (name: string, prefix = "") => `affable-${prefix ? `${prefix}-` : ""}${name.replace(/_/g, "-")}`;

export function renderTextField(options: TextFieldOptions): string {
  const id = fieldId(options.name, options.idPrefix);
  const messages = options.errors.filter((error) => error.field === options.name);
  const described = [options.hint ? `${id}-hint` : "", messages.length ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    `<label for="${id}">${e(options.label)}${options.required ? "" : " (optional)"}</label>` +
    (options.hint ? `<span id="${id}-hint" class="affable-muted">${e(options.hint)}</span>` : "") +
    `<input id="${id}" name="${e(options.name)}" type="${options.type ?? "text"}" value="${e(options.value)}"` +
    ` autocomplete="${e(options.autocomplete ?? "off")}"` +
    (options.maxLength ? ` maxlength="${options.maxLength}"` : "") +
    (options.inputMode ? ` inputmode="${options.inputMode}"` : "") +
    (options.required ? " required" : "") +
    (messages.length ? ` aria-invalid="true"` : "") +
    (described ? ` aria-describedby="${described}"` : "") +
    `>` +
    (messages.length ? `<span id="${id}-error" class="affable-error">${messages.map((error) => e(error.message)).join(" ")}</span>` : "")
  );
}

/** A labelled drop-down; the first option is an empty "Choose…". */
export function renderSelectField(input: {
  name: string;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  errors: readonly FieldError[];
  required?: boolean;
  autocomplete?: string;
  idPrefix?: string;
}): string {
  const id = fieldId(input.name, input.idPrefix);
  const messages = input.errors.filter((error) => error.field === input.name);
  const options = input.options.map((option) => `<option value="${e(option.value)}"${option.value === input.value ? " selected" : ""}>${e(option.label)}</option>`).join("");
  return (
    `<label for="${id}">${e(input.label)}${input.required === false ? " (optional)" : ""}</label>` +
    `<select id="${id}" name="${e(input.name)}"${input.autocomplete ? ` autocomplete="${e(input.autocomplete)}"` : ""}${input.required === false ? "" : " required"}` +
    (messages.length ? ` aria-invalid="true" aria-describedby="${id}-error"` : "") +
    `><option value="">Choose…</option>${options}</select>` +
    (messages.length ? `<span id="${id}-error" class="affable-error">${messages.map((error) => e(error.message)).join(" ")}</span>` : "")
  );
}

/** Radio buttons in a fieldset named by its legend; an error on the group is tied to the fieldset. */
export function renderRadioGroup(input: {
  name: string;
  legend: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string; note?: string }>;
  errors: readonly FieldError[];
  idPrefix?: string;
}): string {
  const id = fieldId(input.name, input.idPrefix);
  const messages = input.errors.filter((error) => error.field === input.name);
  const radios = input.options
    .map((option, index) => {
      const optionId = `${id}-${index}`;
      const noteId = option.note ? `${optionId}-note` : "";
      return (
        `<div class="affable-choice"><input type="radio" id="${optionId}" name="${e(input.name)}" value="${e(option.value)}"` +
        (option.value === input.value ? " checked" : "") +
        (noteId ? ` aria-describedby="${noteId}"` : "") +
        `><label for="${optionId}">${e(option.label)}</label>` +
        (option.note ? `<span id="${noteId}" class="affable-muted">${e(option.note)}</span>` : "") +
        `</div>`
      );
    })
    .join("");
  return (
    `<fieldset id="${id}"${messages.length ? ` aria-describedby="${id}-error"` : ""}><legend>${e(input.legend)}</legend>` +
    (messages.length ? `<span id="${id}-error" class="affable-error">${messages.map((error) => e(error.message)).join(" ")}</span>` : "") +
    `${radios}</fieldset>`
  );
}

/** The list of what to fix, first on the page after a refused save (role=alert: read out at once). */
export function renderErrorSummary(errors: readonly FieldError[], idPrefix = ""): string {
  if (errors.length === 0) return "";
  const items = errors.map((error) => `<li><a href="#${fieldId(error.field, idPrefix)}">${e(error.message)}</a></li>`).join("");
  return `<div class="affable-error" role="alert"><p><strong>Nothing was saved. Fix ${errors.length === 1 ? "this" : "these"} first:</strong></p><ul>${items}</ul></div>`;
}

/** The start of a portal form that changes something: the portal's script adds the session; the token is checked. */
export function openPortalForm(frame: PortalFrame, page: string, formToken: string): string {
  return (
    `<form method="post" action="${e(`${frame.prefix}/portal/${page}`)}" data-affable-session-form novalidate>` +
    `<input type="hidden" name="form_token" value="${e(formToken)}">`
  );
}

export function renderNotice(notice: string | null): string {
  return notice ? `<p role="status" class="affable-card"><strong>${e(notice)}</strong></p>` : "";
}
