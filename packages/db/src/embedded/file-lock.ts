import fs from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { EmbeddedPostgresError } from "./errors.js";

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function tryAcquire(lockPath: string): Promise<boolean> {
  try {
    await fs.writeFile(lockPath, String(process.pid), { flag: "wx" });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const holder = Number(await fs.readFile(lockPath, "utf8").catch(() => ""));
  // A lock whose holder died is stale; remove it and let the next round race for it.
  if (!Number.isInteger(holder) || holder <= 0 || !isProcessAlive(holder)) {
    await fs.rm(lockPath, { force: true });
  }
  return false;
}

/**
 * Runs `fn` while holding an exclusive lock file (O_EXCL create, holder pid inside) so that
 * several processes on one machine (parallel test runs, a second start command) never
 * initialise or start the same data directory at once.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (!(await tryAcquire(lockPath))) {
    if (Date.now() > deadline) {
      throw new EmbeddedPostgresError("LOCK_TIMEOUT", `timed out waiting for ${lockPath} (held by another process)`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lockPath, { force: true });
  }
}
