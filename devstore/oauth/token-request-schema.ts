/**
 * The token endpoint's inputs, as the Shopify library sends them (JSON) and as curl users send them (form).
 * Validation happens in steps so each failure gets the error code Shopify would answer with.
 */
import { z } from "zod";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const REFRESH_TOKEN_GRANT = "refresh_token";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

export const clientCredentialsSchema = z.object({
  client_id: z.string().min(1),
  client_secret: z.string().min(1),
});

export const grantTypeSchema = z.object({ grant_type: z.enum([TOKEN_EXCHANGE_GRANT, REFRESH_TOKEN_GRANT]) });

export const tokenExchangeSchema = z.object({
  subject_token: z.string().min(1),
  subject_token_type: z.literal(ID_TOKEN_TYPE),
  requested_token_type: z.enum([OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE]),
  // The library sends "0"/"1"; accept the booleans and numbers a hand-written client might send too.
  expiring: z
    .union([z.enum(["0", "1"]), z.boolean(), z.literal(0), z.literal(1)])
    .optional()
    .transform((value) => value === "1" || value === true || value === 1),
});

export const refreshTokenRequestSchema = z.object({ refresh_token: z.string().min(1) });

export type TokenExchangeRequest = z.infer<typeof tokenExchangeSchema>;
