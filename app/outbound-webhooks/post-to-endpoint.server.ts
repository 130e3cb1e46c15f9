/**
 * One POST to a merchant's webhook endpoint, safe against server-side request forgery:
 *   - the URL must pass checkEndpointUrl (https; http only to loopback under the development policy),
 *   - the name is resolved here and EVERY address must pass checkEndpointAddress (a name that also points inside
 *     the network is refused, not raced),
 *   - the connection goes to the address that was checked (node:http's `lookup` hook answers with it, so a DNS
 *     answer that changes between the check and the connection — rebinding — is never asked for), while the Host
 *     header and TLS SNI/certificate check still use the name,
 *   - redirects are not followed (node:http never follows them; a 3xx is just a failed attempt),
 *   - at most RESPONSE_LIMIT_BYTES of the answer are read, then the connection is dropped,
 *   - one deadline covers connecting, sending and reading.
 * node:http/https rather than fetch: they take a per-request `lookup`, so no global dispatcher is involved.
 */
import { lookup as dnsLookup } from "node:dns/promises";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { checkEndpointAddress, checkEndpointUrl, type EndpointAddressPolicy } from "./endpoint-address-policy";

export const RESPONSE_LIMIT_BYTES = 2_048;
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Every address of a name (A and AAAA). Injected in tests to point a name anywhere. */
export type ResolveHostname = (hostname: string) => Promise<ResolvedAddress[]>;

export const resolveWithSystemDns: ResolveHostname = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

export interface EndpointTransport {
  policy: EndpointAddressPolicy;
  resolve: ResolveHostname;
  timeoutMs: number;
}

/** The endpoint (or its DNS answer) is not one the app may talk to; nothing was sent. */
export class EndpointRefusedError extends Error {
  override name = "EndpointRefusedError";
}

export interface EndpointAnswer {
  statusCode: number;
  /** The first RESPONSE_LIMIT_BYTES of the body, as UTF-8. */
  bodyExcerpt: string;
}

async function vetAddress(hostname: string, transport: EndpointTransport): Promise<ResolvedAddress> {
  const literal = hostname.startsWith("[") ? hostname.slice(1, -1) : hostname;
  const family = literal.includes(":") ? 6 : /^[\d.]+$/.test(literal) ? 4 : 0;
  const addresses: ResolvedAddress[] = family === 0 ? await transport.resolve(literal) : [{ address: literal, family }];
  if (addresses.length === 0) throw new EndpointRefusedError(`${hostname} has no address.`);
  for (const candidate of addresses) {
    const verdict = checkEndpointAddress(candidate.address, transport.policy);
    if (!verdict.allowed) {
      // A typed IP literal may be named; a resolved address may not (it would reveal the internal DNS).
      const why = family === 0 ? `it resolves to ${verdict.kind}` : verdict.reason;
      throw new EndpointRefusedError(`Refused to send to ${hostname}: ${why}. Use a public https endpoint.`);
    }
  }
  return addresses[0] as ResolvedAddress;
}

/** Checks the URL and the name's addresses without sending anything (used when the merchant saves the URL). */
export async function vetEndpointUrl(url: string, transport: Pick<EndpointTransport, "policy" | "resolve">): Promise<void> {
  const verdict = checkEndpointUrl(url, transport.policy);
  if (!verdict.allowed) throw new EndpointRefusedError(`Refused ${url}: ${verdict.reason}.`);
  await vetAddress(new URL(url).hostname, { ...transport, timeoutMs: 0 });
}

export async function postToEndpoint(
  url: string,
  input: { headers: Record<string, string>; body: string },
  transport: EndpointTransport,
): Promise<EndpointAnswer> {
  const verdict = checkEndpointUrl(url, transport.policy);
  if (!verdict.allowed) throw new EndpointRefusedError(`Refused ${url}: ${verdict.reason}.`);
  const target = new URL(url);
  const signal = AbortSignal.timeout(transport.timeoutMs);
  const pinned = await Promise.race([
    vetAddress(target.hostname, transport),
    new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true })),
  ]);
  // Node calls lookup with { all: true } when it races IPv4/IPv6 (autoSelectFamily); answer in both shapes.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, addresses: ResolvedAddress[]) => void)(null, [pinned]);
    else callback(null, pinned.address, pinned.family);
  };
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise<EndpointAnswer>((resolve, reject) => {
    const request = send(
      target,
      {
        method: "POST",
        headers: { ...input.headers, "Content-Length": String(Buffer.byteLength(input.body)) },
        lookup,
        agent: false,
        signal,
      },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let received = 0;
        const finish = () => {
          resolve({ statusCode: response.statusCode ?? 0, bodyExcerpt: Buffer.concat(chunks).subarray(0, RESPONSE_LIMIT_BYTES).toString("utf8") });
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          received += chunk.length;
          if (received >= RESPONSE_LIMIT_BYTES) {
            finish();
            response.destroy();
          }
        });
        response.on("end", finish);
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(input.body);
  });
}
