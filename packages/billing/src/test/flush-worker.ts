// A reporter process for the fault tests: runs enqueue + flush cycles in a loop until killed,
// exactly as the worker job does, against the database and Stripe named in its environment.
import { parseEnv } from "@meterkit/config";
import { createDb } from "@meterkit/db";
import { z } from "zod";
import { runReporterCycle } from "../outbox/cycle";
import { createStripe } from "../stripe/client";

const env = parseEnv(
  "flush-worker",
  z.object({
    DATABASE_URL: z.string().min(1),
    STRIPE_API_BASE: z.url(),
    WORKER_NAME: z.string().default("worker"),
    FLUSH_LIMIT: z.coerce.number().int().default(40),
  }),
);

const db = createDb(env.DATABASE_URL, { max: 3, applicationName: env.WORKER_NAME });
const stripe = createStripe({ STRIPE_SECRET_KEY: "sk_test_emulator", STRIPE_API_BASE: env.STRIPE_API_BASE, STRIPE_TIMEOUT_MS: 2_000 });

let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});

while (!stopping) {
  const result = await runReporterCycle(db, stripe, {
    limit: env.FLUSH_LIMIT,
    maxPasses: 5,
    leaseSeconds: 5,
    concurrency: 4,
    backoff: { baseMs: 20, maxMs: 250, maxAttempts: 100 },
  });
  process.stdout.write(`${JSON.stringify({ worker: env.WORKER_NAME, ...result })}\n`);
  if (result.passes <= 1 && result.enqueuedReports === 0) await new Promise((r) => setTimeout(r, 50));
}
await db.destroy();
process.exit(0);
