/**
 * A failure that trying again cannot fix (e.g. the program's amounts are in another currency than the order): the
 * message says what to change. Services throw it whatever called them; each entry point decides what it means —
 * the webhook worker marks the event failed at once (replayable from Sync health after the fix), the public API
 * answers 422 with the message.
 */
export class NotRetryableError extends Error {
  override name = "NotRetryableError";
}
