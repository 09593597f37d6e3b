import { parseEnv } from "@meterkit/config";
import { z } from "zod";

export const workerEnvSchema = z.object({
  DATABASE_URL: z.url(),
  /** How often the loop looks for due jobs; each job still runs only every `intervalMs`. */
  WORKER_TICK_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(source?: Record<string, string | undefined>): WorkerEnv {
  return parseEnv("worker", workerEnvSchema, source);
}
