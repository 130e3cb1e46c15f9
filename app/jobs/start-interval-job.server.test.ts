import { afterEach, describe, expect, it, vi } from "vitest";
import { startIntervalJob } from "./start-interval-job.server";

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function start(job: Parameters<typeof startIntervalJob>[0]) {
  const stop = startIntervalJob(job);
  stops.push(stop);
  return stop;
}

describe("startIntervalJob", () => {
  it("runs one pass at a time: a tick while a pass is under way is skipped", async () => {
    vi.useFakeTimers();
    let finish: () => void = () => undefined;
    const pass = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    start({ name: "one-at-a-time", intervalMs: 100, pass, failureMessage: "failed" });
    await vi.advanceTimersByTimeAsync(350);
    expect(pass).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(100);
    expect(pass).toHaveBeenCalledTimes(2);
    finish();
  });

  it("waits initialDelayMs before the first pass, then every interval", async () => {
    vi.useFakeTimers();
    const pass = vi.fn(() => Promise.resolve());
    start({ name: "delayed", intervalMs: 1_000, initialDelayMs: 50, pass, failureMessage: "failed" });
    await vi.advanceTimersByTimeAsync(49);
    expect(pass).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pass).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass).toHaveBeenCalledTimes(2);
  });

  it("logs a pass that throws with the job's message and runs again at the next tick", async () => {
    vi.useFakeTimers();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const pass = vi.fn().mockRejectedValueOnce(new Error("database gone")).mockResolvedValue(undefined);
    start({ name: "throws", intervalMs: 100, pass, failureMessage: "The test job failed; the next pass retries." });
    await vi.advanceTimersByTimeAsync(200);
    expect(pass).toHaveBeenCalledTimes(2);
    expect(logged).toHaveBeenCalledWith("The test job failed; the next pass retries.", expect.objectContaining({ message: "database gone" }));
  });

  it("stop() tells the pass to stop, waits for it, and nothing runs afterwards", async () => {
    vi.useFakeTimers();
    let sawStop = false;
    let finish: () => void = () => undefined;
    const pass = vi.fn(async (shouldStop: () => boolean) => {
      await new Promise<void>((resolve) => (finish = resolve));
      sawStop = shouldStop();
    });
    const stop = start({ name: "stoppable", intervalMs: 100, pass, failureMessage: "failed" });
    await vi.advanceTimersByTimeAsync(100);
    let stopped = false;
    const stopping = stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(sawStop).toBe(true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass).toHaveBeenCalledTimes(1);
  });

  it("one job of a name per process: a second start returns the first one's stop; interval 0 runs nothing", async () => {
    vi.useFakeTimers();
    const first = vi.fn(() => Promise.resolve());
    const second = vi.fn(() => Promise.resolve());
    const stop = start({ name: "single", intervalMs: 100, pass: first, failureMessage: "failed" });
    expect(startIntervalJob({ name: "single", intervalMs: 100, pass: second, failureMessage: "failed" })).toBe(stop);
    const off = vi.fn(() => Promise.resolve());
    start({ name: "off", intervalMs: 0, pass: off, failureMessage: "failed" });
    await vi.advanceTimersByTimeAsync(300);
    expect(first).toHaveBeenCalledTimes(3);
    expect(second).not.toHaveBeenCalled();
    expect(off).not.toHaveBeenCalled();
  });
});
