import { spawn } from "node:child_process";
import { openSync, closeSync, readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { EmbeddedPostgresError } from "./errors.js";
import { isProcessAlive } from "./file-lock.js";
import type { RunAs } from "./run-as.js";

export interface SpawnOptions {
  postgres: string;
  dataDir: string;
  port: number;
  logFile: string;
  settings: Record<string, string>;
  runAs: RunAs | undefined;
}

/**
 * Starts the postmaster in its own process group with its output going to a log file, so a
 * Ctrl-C in the terminal reaches our shutdown code first (which closes pools, then stops the
 * server) instead of killing the database under live connections.
 */
export function spawnPostgres(options: SpawnOptions): { pid: number; exited: () => boolean } {
  const log = openSync(options.logFile, "a");
  const settings = Object.entries(options.settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
  const child = spawn(options.postgres, ["-D", options.dataDir, "-p", String(options.port), ...settings], {
    detached: true,
    stdio: ["ignore", log, log],
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
  });
  closeSync(log);
  let exited = false;
  child.on("exit", () => (exited = true));
  child.on("error", () => (exited = true));
  child.unref();
  if (child.pid === undefined) throw new EmbeddedPostgresError("START_FAILED", `could not spawn ${options.postgres}`);
  return { pid: child.pid, exited: () => exited };
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, "utf8").split("\n").slice(-15).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Waits until the server accepts an authenticated connection. */
export async function waitUntilReady(url: string, logFile: string, exited: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited()) {
      throw new EmbeddedPostgresError("START_FAILED", `Postgres exited during start-up. Log (${logFile}):\n${logTail(logFile)}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    client.on("error", () => {});
    try {
      await client.connect();
      await client.query("select 1");
      await client.end();
      return;
    } catch {
      await client.end().catch(() => {});
    }
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError("START_TIMEOUT", `Postgres did not accept connections within ${timeoutMs} ms. Log (${logFile}):\n${logTail(logFile)}`);
    }
    await sleep(100);
  }
}

/**
 * Fast shutdown (SIGINT: roll back open transactions, checkpoint, exit), escalating to an
 * immediate shutdown and finally SIGKILL if the server does not go away.
 */
export async function stopPostgres(pid: number): Promise<void> {
  const steps: [NodeJS.Signals, number][] = [
    ["SIGINT", 30_000],
    ["SIGQUIT", 10_000],
    ["SIGKILL", 5_000],
  ];
  for (const [signal, waitMs] of steps) {
    if (!isProcessAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isProcessAlive(pid)) return;
      await sleep(50);
    }
  }
}
