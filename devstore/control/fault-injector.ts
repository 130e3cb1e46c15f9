/**
 * Test control: make the next N requests to an endpoint fail the way Shopify sometimes does (429 with Retry-After,
 * 500, 502, 503), so the app's and the Shopify library's retry paths can be exercised on purpose.
 */
import { z } from "zod";

export const faultSchema = z.object({
  target: z.enum(["graphql", "oauth"]),
  status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]),
  count: z.number().int().positive().max(100).default(1),
  /** Sent as Retry-After. The HTTP header is in seconds; note the Shopify GraphQL client reads it as milliseconds. */
  retryAfter: z.number().nonnegative().optional(),
});

export type Fault = z.infer<typeof faultSchema>;

/**
 * Make the next call of one Admin GraphQL mutation (by its root field name, e.g. discountCodeBasicCreate) fail:
 * "userError" answers HTTP 200 with a userError and writes nothing; "http500" answers 500 before anything runs.
 */
export const operationFaultSchema = z.object({
  operation: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "a mutation's root field name"),
  mode: z.enum(["userError", "http500"]),
});

export type OperationFault = z.infer<typeof operationFaultSchema>;

export interface FaultInjector {
  add(fault: Fault): void;
  /** The fault to answer this request with, if one is queued for the target; uses one of its count. */
  take(target: Fault["target"]): Fault | null;
  failNext(fault: OperationFault): void;
  /** The queued fault for the first of these root fields that has one; it is used up. */
  takeOperation(rootFields: readonly string[]): OperationFault | null;
  clear(): void;
}

export function createFaultInjector(): FaultInjector {
  let queue: Fault[] = [];
  let operationQueue: OperationFault[] = [];
  return {
    add: (fault) => {
      queue.push({ ...fault });
    },
    take(target) {
      const fault = queue.find((candidate) => candidate.target === target);
      if (!fault) return null;
      fault.count -= 1;
      if (fault.count <= 0) queue = queue.filter((candidate) => candidate !== fault);
      return fault;
    },
    failNext: (fault) => {
      operationQueue.push({ ...fault });
    },
    takeOperation(rootFields) {
      const fault = operationQueue.find((candidate) => rootFields.includes(candidate.operation));
      if (!fault) return null;
      operationQueue = operationQueue.filter((candidate) => candidate !== fault);
      return fault;
    },
    clear: () => {
      queue = [];
      operationQueue = [];
    },
  };
}

/** What Shopify's edge answers with for each status. */
export function faultResponse(fault: Fault): Response {
  const messages: Record<Fault["status"], string> = {
    429: "Exceeded the rate limit; retry after the Retry-After interval.",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
  };
  const headers = new Headers({ "Content-Type": "application/json" });
  if (fault.retryAfter !== undefined) headers.set("Retry-After", String(fault.retryAfter));
  return new Response(JSON.stringify({ errors: messages[fault.status] }), { status: fault.status, headers });
}
