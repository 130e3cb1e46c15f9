/**
 * The local PayPal's persisted world, one JSON file beside the devstore's state (`paypal-state.json`): per
 * environment (sandbox, live: separate accounts, like PayPal's two hosts) the REST apps (client id + secret), their
 * merchant balances, tokens, webhook subscriptions, payout batches and items, PayPal-Request-Id answers, receivers'
 * behaviour and the chaos switch. Written atomically after every change (devstore/state/write-file-atomically.ts).
 *
 * Money is kept as minor-unit integer strings ("12345" = 123.45 USD) so the JSON holds no floats.
 */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { z } from "zod";
import { writeFileAtomically } from "../state/write-file-atomically.ts";

export const PAYPAL_ENVIRONMENTS = ["sandbox", "live"] as const;
export type PaypalEnvironment = (typeof PAYPAL_ENVIRONMENTS)[number];

export const PAYPAL_HOSTS: Readonly<Record<PaypalEnvironment, string>> = {
  sandbox: "api-m.sandbox.paypal.com",
  live: "api-m.paypal.com",
};

/** What happens to a payout sent to this receiver (an email or a PayPal payer id). */
export const RECEIVER_BEHAVIOURS = ["success", "unclaimed", "failed", "blocked", "onhold", "pending"] as const;
export type ReceiverBehaviour = (typeof RECEIVER_BEHAVIOURS)[number];

export const ITEM_STATUSES = ["SUCCESS", "FAILED", "PENDING", "UNCLAIMED", "RETURNED", "ONHOLD", "BLOCKED", "REFUNDED", "REVERSED"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];
export const BATCH_STATUSES = ["PENDING", "PROCESSING", "SUCCESS", "DENIED", "CANCELED"] as const;

const minorString = z.string().regex(/^-?\d+$/);

export const chaosSchema = z.object({
  /**
   * The next N API requests (not token, not certs) hang: "before" anything is stored, or "after" it was stored. With
   * `method` and/or `path` (a path prefix such as /v1/payments/payouts/<payout_batch_id>), only matching requests
   * hang and count; others pass untouched (a crash test aims at one batch's call).
   */
  hang: z
    .object({
      count: z.number().int().nonnegative(),
      when: z.enum(["before", "after"]),
      ms: z.number().int().positive(),
      method: z.enum(["GET", "POST"]).optional(),
      path: z.string().startsWith("/v1/").optional(),
    })
    .nullable()
    .default(null),
  /** The next N API requests answer this 5xx (nothing stored). */
  serverError: z.object({ count: z.number().int().nonnegative(), status: z.union([z.literal(500), z.literal(502), z.literal(503)]) }).nullable().default(null),
  /** The next N API requests answer 429 RATE_LIMIT_REACHED. */
  rateLimit: z.object({ count: z.number().int().nonnegative() }).nullable().default(null),
  /** Webhooks wait this long before they are sent (late webhooks). */
  webhookDelayMs: z.number().int().nonnegative().default(0),
  /** Every webhook is sent twice (same event id, new transmission id). */
  duplicateWebhooks: z.boolean().default(false),
  /** Webhooks of one processing step are sent newest first. */
  reverseWebhookOrder: z.boolean().default(false),
});
export type Chaos = z.infer<typeof chaosSchema>;
export const NO_CHAOS: Chaos = { hang: null, serverError: null, rateLimit: null, webhookDelayMs: 0, duplicateWebhooks: false, reverseWebhookOrder: false };

const moneySchema = z.object({ currency: z.string(), value: z.string() });

const itemSchema = z.object({
  payout_item_id: z.string(),
  payout_batch_id: z.string(),
  transaction_id: z.string().nullable(),
  transaction_status: z.enum(ITEM_STATUSES),
  /** Minor units held from the balance for this item (returned to the balance on FAILED/RETURNED/…). */
  amount_minor: minorString,
  payout_item: z.object({
    recipient_type: z.enum(["EMAIL", "PAYPAL_ID", "PHONE"]),
    amount: moneySchema,
    note: z.string().optional(),
    receiver: z.string(),
    sender_item_id: z.string().optional(),
    recipient_wallet: z.string().optional(),
  }),
  time_processed: z.string().nullable(),
  errors: z.object({ name: z.string(), message: z.string() }).nullable(),
});
export type PayoutItemRecord = z.infer<typeof itemSchema>;

const batchSchema = z.object({
  payout_batch_id: z.string(),
  clientId: z.string(),
  batch_status: z.enum(BATCH_STATUSES),
  time_created: z.string(),
  time_completed: z.string().nullable(),
  sender_batch_header: z.object({
    sender_batch_id: z.string(),
    email_subject: z.string().optional(),
    email_message: z.string().optional(),
    recipient_type: z.string().optional(),
  }),
  currency: z.string(),
  total_minor: minorString,
  item_ids: z.array(z.string()),
});
export type PayoutBatchRecord = z.infer<typeof batchSchema>;

const accountSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  /** PayPal's merchant (payer) id of the account the REST app belongs to. */
  payerId: z.string(),
  /** Balances by currency, in minor units. */
  balances: z.record(z.string(), minorString),
  /** What happens to a receiver not listed in `receivers`: PayPal sends UNCLAIMED to an email without an account. */
  unknownReceiver: z.enum(RECEIVER_BEHAVIOURS).default("success"),
  webhooks: z.array(z.object({ id: z.string(), url: z.string(), event_types: z.array(z.string()) })).default([]),
});
export type PaypalAccount = z.infer<typeof accountSchema>;

const environmentSchema = z.object({
  accounts: z.array(accountSchema),
  tokens: z.array(z.object({ token: z.string(), clientId: z.string(), expiresAt: z.string() })),
  batches: z.array(batchSchema),
  items: z.array(itemSchema),
  /** PayPal-Request-Id → the first answer (PayPal keeps these keys for 30 days). */
  requests: z.array(z.object({ clientId: z.string(), requestId: z.string(), status: z.number(), body: z.unknown(), at: z.string() })),
  /** Receiver (lower-cased email or payer id) → what happens to payouts sent to it. */
  receivers: z.record(z.string(), z.enum(RECEIVER_BEHAVIOURS)),
  chaos: chaosSchema,
});
export type PaypalEnvironmentState = z.infer<typeof environmentSchema>;

export const paypalStateSchema = z.object({
  version: z.literal(1),
  /** The signing key and the certificate served at cert_url (generated once, kept). */
  signing: z.object({ certId: z.string(), privateKeyPem: z.string(), certificatePem: z.string() }).nullable(),
  /** Simulated time ahead of the real clock (control: advance), e.g. to reach "30 days unclaimed". */
  clockOffsetMs: z.number().int().nonnegative(),
  sandbox: environmentSchema,
  live: environmentSchema,
});
export type PaypalState = z.infer<typeof paypalStateSchema>;

/** A demo account in each environment so `npm run dev` can connect at once (credentials shown by the control API). */
export function createSeedPaypalState(): PaypalState {
  const environment = (name: PaypalEnvironment): PaypalEnvironmentState => ({
    accounts: [
      {
        clientId: `AffableDemo-${name}-client`,
        clientSecret: `EDemo-${name}-secret-0000`,
        payerId: name === "sandbox" ? "SANDBOXMERCH1" : "LIVEMERCHANT1",
        balances: { USD: "1000000", EUR: "1000000", GBP: "1000000", CAD: "1000000", AUD: "1000000", JPY: "1000000" },
        unknownReceiver: "success",
        webhooks: [],
      },
    ],
    tokens: [],
    batches: [],
    items: [],
    requests: [],
    receivers: {},
    chaos: NO_CHAOS,
  });
  return { version: 1, signing: null, clockOffsetMs: 0, sandbox: environment("sandbox"), live: environment("live") };
}

export interface PaypalStateStore {
  readonly file: string;
  read(): PaypalState;
  update<Result>(change: (draft: PaypalState) => Result): Result;
  reset(): PaypalState;
}

/** Like devstore/state/state-store.ts: a change runs on a copy, is written atomically, then becomes live. */
export function openPaypalStateStore(file: string): PaypalStateStore {
  const persist = (next: PaypalState): PaypalState => {
    writeFileAtomically(file, `${JSON.stringify(next)}\n`);
    return next;
  };
  let state = existsSync(file) ? load(file) : persist(createSeedPaypalState());
  return {
    file,
    read: () => state,
    update(change) {
      const draft = structuredClone(state);
      const result = change(draft);
      if (result instanceof Promise) throw new Error("PaypalStateStore.update takes a synchronous change.");
      state = persist(draft);
      return result;
    },
    reset() {
      rmSync(file, { force: true });
      state = persist(createSeedPaypalState());
      return state;
    },
  };
}

function load(file: string): PaypalState {
  const hint = `Delete ${file} (or POST /__devstore/paypal/reset) to start the local PayPal from its seed.`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`The local PayPal state file ${file} is not readable JSON (${error instanceof Error ? error.message : String(error)}). ${hint}`);
  }
  const parsed = paypalStateSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`);
    throw new Error(`The local PayPal state file ${file} does not match its schema (${problems.join("; ")}). ${hint}`);
  }
  return parsed.data;
}
