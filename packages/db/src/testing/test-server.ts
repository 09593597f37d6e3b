import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "../embedded/start.js";
import { isProcessAlive, withFileLock } from "../embedded/file-lock.js";

/** The throwaway cluster for tests: its own port and data directory, never the dev database. */
export const TEST_POSTGRES_PORT = 54330;

export interface TestServerLease {
  adminUrl: string;
  release(): Promise<void>;
}

/**
 * Several test runs (one per package, started in parallel by turbo) share one embedded test
 * cluster. Each run holds a lease file named by its pid; the run that releases the last live
 * lease stops the server. A run that crashed leaves a dead-pid lease, which is ignored.
 */
export async function leaseEmbeddedTestServer(root: string): Promise<TestServerLease> {
  const dataDir = path.join(root, "postgres-test");
  const leases = path.join(root, "postgres-test.leases");
  const lock = `${leases}.lock`;
  await fs.mkdir(leases, { recursive: true });
  const server: EmbeddedPostgres = await withFileLock(lock, async () => {
    const started = await startEmbeddedPostgres({
      dataDir,
      port: TEST_POSTGRES_PORT,
      database: "postgres",
      // Test data is disposable: skip durability for speed (never use these for real data).
      settings: { fsync: "off", synchronous_commit: "off", full_page_writes: "off" },
      stopOnExit: false,
    });
    await fs.writeFile(path.join(leases, String(process.pid)), "");
    return started;
  });
  await dropDatabasesOfDeadProcesses(server.adminUrl);
  return {
    adminUrl: server.adminUrl,
    async release() {
      await withFileLock(lock, async () => {
        await fs.rm(path.join(leases, String(process.pid)), { force: true });
        const holders = (await fs.readdir(leases)).map(Number).filter((pid) => pid !== process.pid);
        const live = holders.filter((pid) => Number.isInteger(pid) && isProcessAlive(pid));
        for (const dead of holders.filter((pid) => !live.includes(pid))) {
          await fs.rm(path.join(leases, String(dead)), { force: true });
        }
        if (live.length === 0) await server.stop();
      });
    },
  };
}

/** Test databases are named meterkit_test_<pid>_<random>; those of dead processes are leftovers. */
async function dropDatabasesOfDeadProcesses(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'meterkit\\_test\\_%'");
    for (const { datname } of rows) {
      const pid = Number(datname.split("_")[2]);
      if (Number.isInteger(pid) && !isProcessAlive(pid)) {
        await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)} WITH (FORCE)`).catch(() => {});
      }
    }
  } finally {
    await client.end();
  }
}
