import type { Job, JobContext, JobLogger } from "./job";

export interface JobLoopOptions {
  jobs: readonly Job[];
  db: JobContext["db"];
  /** A logger scoped to one job (or to the loop itself when `scope` is "loop"). */
  logger: (scope: string) => JobLogger;
  /** How often the loop wakes to look for due jobs. */
  tickMs: number;
}

export interface JobLoop {
  /** Name of the job running right now, if any. */
  readonly current: string | null;
  /** Aborts the jobs' signal, waits for the running job to return, and resolves; idempotent. */
  stop(): Promise<void>;
  /** Resolves once the loop has exited. */
  readonly done: Promise<void>;
}

/**
 * Runs due jobs one at a time, every `tickMs`. Jobs run once at start, then every `intervalMs`
 * after their previous run ended (so a slow job never overlaps itself). A job that throws is
 * logged and retried on its next interval; it never stops the loop.
 */
export function startJobLoop(options: JobLoopOptions): JobLoop {
  const abort = new AbortController();
  const log = options.logger("loop");
  const contexts = new Map(options.jobs.map((job) => [job.name, { db: options.db, log: options.logger(job.name) }]));
  const nextRunAt = new Map(options.jobs.map((job) => [job.name, 0]));
  let current: string | null = null;

  async function runDue(): Promise<void> {
    for (const job of options.jobs) {
      if (abort.signal.aborted) return;
      if (Date.now() < (nextRunAt.get(job.name) ?? 0)) continue;
      current = job.name;
      try {
        await job.run(contexts.get(job.name)!, abort.signal);
      } catch (error) {
        // An abort-driven early return is expected during shutdown; anything else is a failure.
        if (!abort.signal.aborted) log.error(`${job.name} failed: ${describe(error)}`);
      } finally {
        current = null;
        nextRunAt.set(job.name, Date.now() + job.intervalMs);
      }
    }
  }

  const done = (async () => {
    while (!abort.signal.aborted) {
      await runDue();
      await sleep(options.tickMs, abort.signal);
    }
  })();

  return {
    get current() {
      return current;
    },
    done,
    stop() {
      abort.abort();
      return done;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(finish, ms);
    signal.addEventListener("abort", finish, { once: true });
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener("abort", finish);
      resolve();
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
