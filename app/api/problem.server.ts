/**
 * Errors of the public API as RFC 9457 problem details (application/problem+json). Services and the request
 * pipeline throw an ApiProblem; the pipeline turns it into one response, so every error has the same shape:
 * { type, title, status, detail, errors? } where `errors` names each refused field (422).
 */

export interface ProblemFieldError {
  /** The field as the caller sent it, dotted for nested fields: "commission.basisPoints", "lineItems.0.amountMinor". */
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemFieldError[];
}

const PROBLEM_TYPE_BASE = "https://affable.app/problems/";

/** The problem kinds the API answers with; each has one stable `type` URI and title. */
export const PROBLEM_KINDS = {
  bad_request: { status: 400, title: "Bad request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Validation failed" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal_error: { status: 500, title: "Internal server error" },
  upstream_failed: { status: 502, title: "Shopify refused the request" },
} as const;

export type ProblemKind = keyof typeof PROBLEM_KINDS;

export class ApiProblem extends Error {
  override name = "ApiProblem";
  constructor(
    readonly kind: ProblemKind,
    readonly detail: string,
    readonly fieldErrors: ProblemFieldError[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  get status(): number {
    return PROBLEM_KINDS[this.kind].status;
  }

  toDetails(): ProblemDetails {
    const { title, status } = PROBLEM_KINDS[this.kind];
    return {
      type: `${PROBLEM_TYPE_BASE}${this.kind.replaceAll("_", "-")}`,
      title,
      status,
      detail: this.detail,
      ...(this.fieldErrors.length > 0 ? { errors: this.fieldErrors } : {}),
    };
  }
}

/** A 422 naming each field: what the caller should fix. */
export function validationProblem(errors: ProblemFieldError[], detail?: string): ApiProblem {
  const named = errors.map((error) => `${error.field}: ${error.message}`).join(" ");
  return new ApiProblem("validation_failed", detail ?? `Fix these fields and send the request again. ${named}`.trim(), errors);
}

export function notFoundProblem(what: string, id: string): ApiProblem {
  return new ApiProblem("not_found", `No ${what} with id ${id} in this shop. List them with GET to find the right id.`);
}

export function problemResponse(problem: ApiProblem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem.toDetails()), {
    status: problem.status,
    headers: { "Content-Type": "application/problem+json", ...headers, ...problem.headers },
  });
}
