/**
 * Group commit: writes submitted while earlier writes are still in flight are gathered and written together, in
 * one statement, as soon as a write slot frees up. A lone write goes out at once, so at low traffic nothing waits;
 * under a burst one round trip and one commit carry many rows, which is what lets the webhook inbox keep up with
 * a flash sale (app/services/sync/receive-webhook.server.ts, tools/bench/webhooks.ts).
 *
 * `write` gets the items in submission order and answers one result per item, in the same order; an item whose
 * result is an Error fails alone, and a write that throws fails its whole group (never the groups after it).
 */
export interface GroupWritesOptions {
  /** At most this many items per write. */
  maxGroupSize: number;
  /** At most this many writes in flight at once; more waiting items form the next group. */
  maxConcurrentWrites: number;
}

export function groupWrites<Item, Result>(
  write: (items: Item[]) => Promise<(Result | Error)[]>,
  { maxGroupSize, maxConcurrentWrites }: GroupWritesOptions,
): (item: Item) => Promise<Result> {
  const waiting: { item: Item; resolve: (result: Result) => void; reject: (error: unknown) => void }[] = [];
  let inFlight = 0;

  const pump = () => {
    while (inFlight < maxConcurrentWrites && waiting.length > 0) {
      const group = waiting.splice(0, maxGroupSize);
      inFlight += 1;
      write(group.map((entry) => entry.item))
        .then(
          (results) => {
            if (results.length !== group.length) throw new Error(`groupWrites: ${group.length} items written, ${results.length} results.`);
            group.forEach((entry, index) => {
              const result = results[index]!;
              if (result instanceof Error) entry.reject(result);
              else entry.resolve(result);
            });
          },
        )
        .catch((error: unknown) => {
          for (const entry of group) entry.reject(error);
        })
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<Result>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      pump();
    });
}
