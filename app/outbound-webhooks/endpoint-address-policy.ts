/**
 * Which outbound webhook endpoints the app may talk to (no server-side request forgery): a merchant chooses the URL
 * and sees the status and error of every attempt, so without this policy the Developers page would be a scanner of
 * the server's own network (metadata service, databases on 127.0.0.1, the office LAN behind a VPN …).
 *
 * Pure: the caller resolves the name and passes each address here, then connects to the address it checked.
 * Range classification comes from ipaddr.js (its SpecialRanges follow the IANA special-purpose registries), not
 * hand-written CIDR math. Only public unicast is allowed; an IPv6 address that merely embeds an IPv4 one
 * (IPv4-mapped, IPv4-translated, IPv4-compatible, NAT64 64:ff9b::/96) is judged by the IPv4 address inside it.
 */
import ipaddr from "ipaddr.js";

export interface EndpointAddressPolicy {
  name: "production" | "development";
  /** Loopback (127.0.0.0/8, ::1, localhost) and plain http to it: only for a developer's own machine. */
  allowLoopback: boolean;
}

export const PRODUCTION_ENDPOINT_POLICY: EndpointAddressPolicy = Object.freeze({ name: "production", allowLoopback: false });
export const DEVELOPMENT_ENDPOINT_POLICY: EndpointAddressPolicy = Object.freeze({ name: "development", allowLoopback: true });

/** The policy of this process: loopback only when NODE_ENV is exactly "development" (`remix vite:dev`). */
export function endpointPolicyForEnvironment(nodeEnv: string | undefined): EndpointAddressPolicy {
  return nodeEnv === "development" ? DEVELOPMENT_ENDPOINT_POLICY : PRODUCTION_ENDPOINT_POLICY;
}

/** `reason` names the address (for a URL the merchant typed); `kind` does not (for a name resolved by the server,
 * whose addresses must not be shown back: that would map the internal DNS). */
export type EndpointCheck = { allowed: true } | { allowed: false; reason: string; kind: string };

const REFUSED_RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address (e.g. a cloud metadata service)",
  loopback: "a loopback address (this server itself)",
  carrierGradeNat: "a carrier-grade NAT address (100.64.0.0/10)",
  private: "a private network address",
  reserved: "a reserved address",
  as112: "a reserved address",
  amt: "a reserved address",
  uniqueLocal: "a private network address (unique local)",
  deprecatedSiteLocal: "a private network address (site-local)",
  discard: "a reserved address",
  "6to4": "a 6to4 tunnel address",
  teredo: "a Teredo tunnel address",
  benchmarking: "a reserved address",
  as112v6: "a reserved address",
  deprecatedOrchid: "a reserved address",
  orchid2: "a reserved address",
  droneRemoteIdProtocolEntityTags: "a reserved address",
  segmentRouting: "a reserved address",
  rfc6052: "a local-use NAT64 address",
};

function describeRange(range: string): string {
  return REFUSED_RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
}

function lastIPv4Of(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

/** The IPv4 address an IPv6 one merely carries (mapped, translated, compatible, well-known NAT64), if any. */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const parts = address.parts;
  const range = address.range();
  if (range === "ipv4Mapped" || range === "rfc6145") return lastIPv4Of(address);
  // 64:ff9b::/96 (RFC 6052 well-known prefix); 64:ff9b:1::/48 (RFC 8215, local use) stays refused.
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts.slice(2, 6).every((part) => part === 0)) return lastIPv4Of(address);
  // ::a.b.c.d, IPv4-compatible (deprecated by RFC 4291 but still routed by some stacks); "::" and "::1" excluded.
  if (parts.slice(0, 6).every((part) => part === 0) && range !== "unspecified" && range !== "loopback") return lastIPv4Of(address);
  return null;
}

function checkIPv4(address: ipaddr.IPv4, policy: EndpointAddressPolicy): EndpointCheck {
  const range = address.range();
  if (range === "unicast") return { allowed: true };
  if (range === "loopback" && policy.allowLoopback) return { allowed: true };
  return { allowed: false, reason: `${address.toString()} is ${describeRange(range)}`, kind: describeRange(range) };
}

/** Whether the app may connect to this IP address (a string from DNS or an IP literal in the URL). */
export function checkEndpointAddress(text: string, policy: EndpointAddressPolicy): EndpointCheck {
  const literal = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!ipaddr.IPv4.isValidFourPartDecimal(literal) && !ipaddr.IPv6.isValid(literal)) {
    return { allowed: false, reason: `${text} is not an IP address`, kind: "not an IP address" };
  }
  const address = ipaddr.parse(literal);
  if (address.kind() === "ipv4") return checkIPv4(address as ipaddr.IPv4, policy);
  const ipv6 = address as ipaddr.IPv6;
  const inner = embeddedIPv4(ipv6);
  if (inner !== null) {
    const verdict = checkIPv4(inner, policy);
    return verdict.allowed ? verdict : { allowed: false, reason: `${ipv6.toString()} carries ${verdict.reason}`, kind: verdict.kind };
  }
  const range = ipv6.range();
  if (range === "unicast") return { allowed: true };
  if (range === "loopback" && policy.allowLoopback) return { allowed: true };
  return { allowed: false, reason: `${ipv6.toString()} is ${describeRange(range)}`, kind: describeRange(range) };
}

function isLocalhostName(hostname: string): boolean {
  return hostname === "localhost" || hostname.endsWith(".localhost");
}

/** The URL itself: https (plain http only to loopback under the development policy), no credentials, and an IP
 * literal must pass checkEndpointAddress. A name still has to be resolved and each address checked before use. */
export function checkEndpointUrl(text: string, policy: EndpointAddressPolicy): EndpointCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { allowed: false, reason: "it is not a valid URL", kind: "not a URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { allowed: false, reason: "it must start with https://", kind: "not https" };
  if (url.username !== "" || url.password !== "") return { allowed: false, reason: "it must not contain a user name or password", kind: "credentials in the URL" };
  // WHATWG URL parsing already turned 2130706433, 0x7f.1 and friends into dotted IPv4, and brackets IPv6.
  const hostname = url.hostname;
  const isIpLiteral = ipaddr.IPv4.isValidFourPartDecimal(hostname) || hostname.startsWith("[");
  let loopback = false;
  if (isIpLiteral) {
    const verdict = checkEndpointAddress(hostname, policy);
    if (!verdict.allowed) return verdict;
    loopback = checkEndpointAddress(hostname, PRODUCTION_ENDPOINT_POLICY).allowed === false;
  } else if (isLocalhostName(hostname)) {
    if (!policy.allowLoopback) return { allowed: false, reason: `${hostname} is this server itself`, kind: describeRange("loopback") };
    loopback = true;
  }
  if (url.protocol === "http:" && !(policy.allowLoopback && loopback)) {
    return { allowed: false, reason: "it must start with https:// (plain http is only accepted for localhost while developing)", kind: "not https" };
  }
  return { allowed: true };
}
