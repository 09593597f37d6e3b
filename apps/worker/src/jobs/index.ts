import type { Job } from "../job";

/**
 * Every job the worker runs, in the order the loop visits them on each tick.
 *
 * To add one: write it beside this file (or in the package that owns its domain, e.g.
 * `@meterkit/billing`), export a `Job` or a factory returning one, and append it here. Jobs
 * that need more than `JobContext` (a Stripe client, settings) take it as factory arguments,
 * built from their own package's env in `createJobs`.
 */
export function createJobs(): Job[] {
  return [];
}
