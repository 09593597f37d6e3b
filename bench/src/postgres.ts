// The Postgres server every bench module uses, started at most once per run, and a scratch
// database per module on it. TEST_DATABASE_URL when set; otherwise a throwaway embedded cluster
// of the bench's own (own port and data directory), never the dev or test database.
import { parseEnv } from "@meterkit/config";
import { createDb, migrateToLatest, type Db } from "@meterkit/db";
import { startEmbeddedPostgres } from "@meterkit/db/embedded";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { z } from "zod";

const BENCH_POSTGRES_PORT = 54331;

type Server = { adminUrl: string; stop(): Promise<void> };
let server: Promise<Server> | undefined;

async function start(): Promise<Server> {
  const env = parseEnv("bench", z.object({ TEST_DATABASE_URL: z.string().optional() }));
  if (env.TEST_DATABASE_URL) return { adminUrl: env.TEST_DATABASE_URL, stop: async () => {} };
  const embedded = await startEmbeddedPostgres({
    dataDir: fileURLToPath(new URL("../../.data/postgres-bench", import.meta.url)),
    port: BENCH_POSTGRES_PORT,
    database: "postgres",
    // Bench data is disposable; durability would only add disk noise to the numbers.
    settings: { fsync: "off", synchronous_commit: "off" },
  });
  return { adminUrl: embedded.adminUrl, stop: () => (embedded.adopted ? Promise.resolve() : embedded.stop()) };
}

/** The admin URL (maintenance database) of the bench's server, starting it on first use. */
export async function benchAdminUrl(): Promise<string> {
  server ??= start();
  return (await server).adminUrl;
}

/** Stops the embedded server if this run started it; index.ts calls it once at the end. */
export async function stopBenchPostgres(): Promise<void> {
  const started = server;
  server = undefined;
  if (started) await (await started).stop();
}

export type ScratchDatabase = { url: string; db: Db };

/**
 * Runs `fn` with a freshly migrated database named after the module and this process, and drops
 * it afterwards (also after a failure).
 */
export async function withScratchDatabase<T>(adminUrl: string, label: string, poolSize: number, fn: (scratch: ScratchDatabase) => Promise<T>): Promise<T> {
  const name = `meterkit_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString(), { max: poolSize, applicationName: `meterkit-bench-${label}` });
  try {
    await migrateToLatest(db);
    return await fn({ url: url.toString(), db });
  } finally {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
