import type { Db } from "@meterkit/db";

export interface JobLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What every job gets on each run. */
export interface JobContext {
  db: Db;
  log: JobLogger;
}

/**
 * A unit of background work the loop runs every `intervalMs`.
 *
 * `run` must be safe to run on any number of worker replicas at once: claim rows with
 * `FOR UPDATE SKIP LOCKED` (or a similar lock) rather than assuming it is alone.
 * `signal` aborts when the worker is shutting down: stop at the next safe point (between
 * batches, never inside a transaction's half-written state) and return. The loop waits for
 * `run` to return before it exits, so a job is never cut off mid-way by a graceful stop.
 */
export interface Job {
  /** Stable, kebab-case; it appears in logs. */
  name: string;
  intervalMs: number;
  run(context: JobContext, signal: AbortSignal): Promise<void>;
}
