/**
 * An answer from the token endpoint that is not a token, in OAuth's shape: `{ error, error_description }`.
 * The `error` codes are the ones Shopify sends; the Shopify library keys on them (a 400 `invalid_subject_token`
 * makes `authenticate.admin` ask App Bridge for a fresh session token and retry).
 */
export type OAuthErrorCode =
  | "invalid_request"
  | "invalid_client"
  | "unsupported_grant_type"
  | "missing_subject_token"
  | "invalid_subject_token"
  | "invalid_grant";

export class OAuthError extends Error {
  override name = "OAuthError";
  constructor(
    readonly status: 400 | 401,
    readonly code: OAuthErrorCode,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }

  toBody(): { error: OAuthErrorCode; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}
