// The worker process: runs the registered background jobs until SIGTERM/SIGINT, then lets the
// running job finish, closes the database pool and exits 0.
import { createDb } from "@meterkit/db";
import { loadWorkerEnv } from "./env";
import { createJobs } from "./jobs/index";
import { createLogger } from "./logger";
import { startJobLoop } from "./loop";

const env = loadWorkerEnv();
const log = createLogger(env.LOG_LEVEL);
const db = createDb(env.DATABASE_URL, { applicationName: "meterkit-worker" });
const jobs = createJobs();

const loop = startJobLoop({ jobs, db, logger: (scope) => createLogger(env.LOG_LEVEL, scope), tickMs: env.WORKER_TICK_MS });

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info(`${signal}: ${loop.current ? `letting ${loop.current} finish` : "stopping"} ...`);
  await loop.stop();
  await db.destroy();
  log.info("stopped");
  // stdout may be a pipe (the start command), where writes are async: exit once it is flushed.
  process.stdout.write("", () => process.exit(0));
}

// Handlers go in before the first log line: a supervisor may signal as soon as it sees output.
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
log.info(jobs.length ? `running ${jobs.length} jobs: ${jobs.map((j) => `${j.name} every ${j.intervalMs} ms`).join(", ")}` : "no jobs registered (apps/worker/src/jobs/index.ts)");
