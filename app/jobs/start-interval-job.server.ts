/**
 * The one timer loop behind every background job (approval, creator imports, payout schedule, payout job): one pass
 * at a time per process, a pass that throws is logged and the next tick tries again, the timers never keep the
 * process alive, and one job of a name per process, also across Vite's hot reloads in development (a global keyed by
 * the job's name). Stopping resolves once the pass under way has ended, so a pass never runs half on a closed pool.
 * Hand-written on purpose: a job queue library would bring its own store and worker model, while each job here
 * already claims its work with leases and unique keys in PostgreSQL; what repeats is only this timer.
 */

type RunningJob = { stop: () => Promise<void> };

declare global {
  // Jobs running in this process, by name.
  var affableIntervalJobs: Map<string, RunningJob> | undefined;
}

export interface IntervalJob {
  /** Unique per job: a second start of the same name returns the first one's stop. */
  name: string;
  intervalMs: number;
  /** Wait before the first pass (e.g. to let the server start answering first); default: the first interval. */
  initialDelayMs?: number;
  /** One pass. `shouldStop` turns true once stop() was called: a long pass may end early. */
  pass: (shouldStop: () => boolean) => Promise<void>;
  /** Logged with the error when a pass throws: what is left and what the next pass does about it. */
  failureMessage: string;
}

/** Starts the job (unless intervalMs is 0: then nothing runs); the function returned stops it. */
export function startIntervalJob(job: IntervalJob): () => Promise<void> {
  const running = (globalThis.affableIntervalJobs ??= new Map<string, RunningJob>());
  const existing = running.get(job.name);
  if (existing) return existing.stop;
  if (job.intervalMs === 0) return () => Promise.resolve();
  let stopping = false;
  let current: Promise<void> | null = null;

  const run = () => {
    if (stopping || current) return;
    current = (async () => {
      try {
        await job.pass(() => stopping);
      } catch (error) {
        console.error(job.failureMessage, error);
      } finally {
        current = null;
      }
    })();
  };

  const first = job.initialDelayMs === undefined ? null : setTimeout(run, job.initialDelayMs);
  first?.unref();
  const timer = setInterval(run, job.intervalMs);
  timer.unref();
  const stop = async () => {
    stopping = true;
    if (first) clearTimeout(first);
    clearInterval(timer);
    running.delete(job.name);
    await current;
  };
  running.set(job.name, { stop });
  return stop;
}
