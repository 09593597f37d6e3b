import { describe, expect, it } from "vitest";
import type { Job, JobContext, JobLogger } from "./job";
import { startJobLoop } from "./loop";

// The loop never touches the database itself; jobs receive it untouched.
const db = {} as JobContext["db"];

function recordingLogger(lines: string[]): (scope: string) => JobLogger {
  return (scope) => {
    const write = (level: string) => (message: string) => void lines.push(`${level} ${scope}: ${message}`);
    return { debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
  };
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe("job loop", () => {
  it("lets the running job finish before stop() resolves, and aborts its signal", async () => {
    const events: string[] = [];
    const started = deferred();
    const release = deferred();
    let sawAbort = false;
    const job: Job = {
      name: "slow",
      intervalMs: 60_000,
      async run(_ctx, signal) {
        events.push("job started");
        started.resolve();
        await release.promise;
        sawAbort = signal.aborted;
        events.push("job finished");
      },
    };
    const loop = startJobLoop({ jobs: [job], db, logger: recordingLogger([]), tickMs: 10 });
    await started.promise;
    expect(loop.current).toBe("slow");

    const stopped = loop.stop().then(() => events.push("loop stopped"));
    await Promise.resolve();
    expect(events).toEqual(["job started"]);

    release.resolve();
    await stopped;
    expect(events).toEqual(["job started", "job finished", "loop stopped"]);
    expect(sawAbort).toBe(true);
    expect(loop.current).toBeNull();
  });

  it("runs every job once at start, in registry order", async () => {
    const order: string[] = [];
    const bothRan = deferred();
    const jobs: Job[] = ["first", "second"].map((name) => ({
      name,
      intervalMs: 60_000,
      run: async () => {
        order.push(name);
        if (order.length === 2) bothRan.resolve();
      },
    }));
    const loop = startJobLoop({ jobs, db, logger: recordingLogger([]), tickMs: 10 });
    await bothRan.promise;
    await loop.stop();
    expect(order).toEqual(["first", "second"]);
  });

  it("starts no job after stop()", async () => {
    let runs = 0;
    const firstRun = deferred();
    const job: Job = { name: "often", intervalMs: 1, run: async () => void (++runs === 1 && firstRun.resolve()) };
    const loop = startJobLoop({ jobs: [job], db, logger: recordingLogger([]), tickMs: 1 });
    await firstRun.promise;
    await loop.stop();
    const runsAtStop = runs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(runs).toBe(runsAtStop);
  });

  it("logs a failing job and keeps running it on its interval", async () => {
    const lines: string[] = [];
    const secondRun = deferred();
    let runs = 0;
    const job: Job = {
      name: "flaky",
      intervalMs: 1,
      run: async () => {
        runs += 1;
        if (runs === 1) throw new Error("upstream said no");
        secondRun.resolve();
      },
    };
    const loop = startJobLoop({ jobs: [job], db, logger: recordingLogger(lines), tickMs: 1 });
    await secondRun.promise;
    await loop.stop();
    expect(lines.some((line) => line.startsWith("error loop: flaky failed: Error: upstream said no"))).toBe(true);
  });

  it("stops at once when idle, and stop() can be called twice", async () => {
    const loop = startJobLoop({ jobs: [], db, logger: recordingLogger([]), tickMs: 60_000 });
    await Promise.all([loop.stop(), loop.stop()]);
    await expect(loop.done).resolves.toBeUndefined();
  });
});
