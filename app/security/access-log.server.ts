/**
 * The HTTP access log, with credentials taken out of query strings. morgan's own `:url` prints the query string as
 * it came, and several carry bearer credentials: the admin's `id_token` (a session token) and `hmac`, OAuth's `code`
 * and `state`, the app proxy's `signature`, the portal's sign-in `token`, any `session`. A log line keeps the key and
 * says `[redacted]` instead of the value, so a request can still be recognised without being replayable.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Writable } from "node:stream";
import morgan from "morgan";

/** Query parameters whose values are credentials (compared lower-case, after percent-decoding the key). */
const SECRET_KEYS = new Set([
  "s",
  "id_token",
  "token",
  "signature",
  "hmac",
  "session",
  "portal_session",
  "code",
  "state",
  "access_token",
  "refresh_token",
  "subject_token",
  "api_key",
  "apikey",
  "password",
  "secret",
  "client_secret",
]);
/** Any other key that names a credential by its ending (e.g. `x_auth_token`, `shared_secret`). */
const SECRET_KEY_SUFFIX = /(token|secret|password|signature|session|hmac)$/;

function decodeKey(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " ")).toLowerCase();
  } catch {
    return raw.toLowerCase();
  }
}

/** The URL as it may be logged: the path and every harmless parameter unchanged, credentials as `[redacted]`. */
export function redactUrlForLog(url: string): string {
  const queryStart = url.indexOf("?");
  if (queryStart === -1) return url;
  const hashStart = url.indexOf("#", queryStart);
  const query = url.slice(queryStart + 1, hashStart === -1 ? undefined : hashStart);
  const redacted = query
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const rawKey = equals === -1 ? pair : pair.slice(0, equals);
      const key = decodeKey(rawKey);
      return SECRET_KEYS.has(key) || SECRET_KEY_SUFFIX.test(key) ? `${rawKey}=[redacted]` : pair;
    })
    .join("&");
  return `${url.slice(0, queryStart)}?${redacted}`;
}

morgan.token("redacted-url", (request: IncomingMessage & { originalUrl?: string }) => redactUrlForLog(request.originalUrl ?? request.url ?? ""));

/** morgan's "tiny" line with the URL redacted: `GET /path?x=1&token=[redacted] 200 123 - 4.567 ms`. */
const FORMAT = ":method :redacted-url :status :res[content-length] - :response-time ms";

export function createAccessLog(stream?: Writable) {
  return morgan<IncomingMessage, ServerResponse>(FORMAT, stream ? { stream } : {});
}
