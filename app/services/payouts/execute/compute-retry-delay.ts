/**
 * How long a run waits after a provider said "try again later" (a 5xx, a timeout, a rate limit): exponential backoff
 * from 30 s, doubling per attempt, at most 1 h, with "equal jitter" (half fixed, half random) so many shops that met
 * one outage do not all come back at the same second. A provider's Retry-After is honoured as a minimum.
 * Pure: `random` is a parameter (Math.random in the job).
 */
export const RETRY_BASE_MS = 30_000;
export const RETRY_MAX_MS = 3_600_000;

/** `attempt` counts from 1 (the first failure). */
export function computeRetryDelayMs(attempt: number, random: number, retryAfterMs?: number): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 20);
  const ceiling = Math.min(RETRY_BASE_MS * 2 ** exponent, RETRY_MAX_MS);
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random, 0), 1));
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, RETRY_MAX_MS));
}
