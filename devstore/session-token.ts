/**
 * Session tokens exactly as Shopify admin mints them for an embedded app: HS256 JWTs signed with the app's
 * secret, one-minute life. The secret stays on the devstore's server; pages ask for a fresh token.
 */
import { randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, type JWTPayload } from "jose";

export interface AppCredentials {
  apiKey: string;
  apiSecret: string;
}

export interface SessionTokenClaims extends JWTPayload {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
}

export interface MintOptions extends AppCredentials {
  shop: string;
  /** The staff member's user id (Shopify sends it as a string). */
  userId: string;
  /** A stable id for the admin browsing session. */
  sessionId: string;
  nowSeconds?: number;
  lifetimeSeconds?: number;
}

const encoder = new TextEncoder();

export async function mintSessionToken(options: MintOptions): Promise<string> {
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${options.shop}`, sid: options.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${options.shop}/admin`)
    .setAudience(options.apiKey)
    .setSubject(options.userId)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (options.lifetimeSeconds ?? 60))
    .setJti(randomUUID())
    .sign(encoder.encode(options.apiSecret));
}

/** Verifies a token the way Shopify does for token exchange; throws on a bad signature, audience or time. */
export async function verifySessionToken(token: string, credentials: AppCredentials): Promise<SessionTokenClaims> {
  const { payload } = await jwtVerify(token, encoder.encode(credentials.apiSecret), {
    algorithms: ["HS256"],
    audience: credentials.apiKey,
    clockTolerance: 10,
  });
  if (typeof payload.dest !== "string" || typeof payload.sub !== "string") {
    throw new Error("session token lacks dest or sub");
  }
  return payload as SessionTokenClaims;
}

/** The shop domain a token speaks for, as the Shopify library reads it: the hostname of `dest`. */
export function shopFromClaims(claims: Pick<SessionTokenClaims, "dest">): string {
  return new URL(claims.dest).hostname;
}
