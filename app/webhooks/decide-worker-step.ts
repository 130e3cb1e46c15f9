/**
 * When the in-process webhook worker should run, given how recently deliveries arrived: at once after `quietMs`
 * without one, or once `floodDelayMs` has passed since the first delivery still waiting, however busy it is.
 * Pure: the caller passes the clock.
 */
export type WorkerStep = { readonly action: "run" } | { readonly action: "wait"; readonly delayMs: number };

export function decideWorkerStep(input: {
  now: number;
  lastKickAt: number;
  /** The first kick not yet served by a run; null when none is waiting. */
  firstPendingKickAt: number | null;
  quietMs: number;
  floodDelayMs: number;
}): WorkerStep {
  const quietFor = input.now - input.lastKickAt;
  if (quietFor >= input.quietMs) return { action: "run" };
  const waitedFor = input.firstPendingKickAt === null ? 0 : input.now - input.firstPendingKickAt;
  if (waitedFor >= input.floodDelayMs) return { action: "run" };
  return { action: "wait", delayMs: Math.max(1, Math.min(input.quietMs - quietFor, input.floodDelayMs - waitedFor)) };
}
