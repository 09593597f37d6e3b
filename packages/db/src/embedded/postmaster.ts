import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { isProcessAlive } from "./file-lock.js";

export interface RunningServer {
  pid: number;
  port: number;
}

function isPostgres(pid: number): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
    return cmdline.includes("postgres");
  } catch {
    // No /proc (macOS): trust the pid liveness check.
    return process.platform !== "linux";
  }
}

/**
 * Reads `postmaster.pid` (line 1 pid, line 4 port). Returns the server still running on this
 * data directory, or removes the file when its process is gone — after a crash or a reboot the
 * pid may even belong to an unrelated process, which would make Postgres refuse to start.
 */
export async function findRunningServer(dataDir: string): Promise<RunningServer | undefined> {
  const file = path.join(dataDir, "postmaster.pid");
  const content = await fs.readFile(file, "utf8").catch(() => undefined);
  if (content === undefined) return undefined;
  const lines = content.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && isProcessAlive(pid) && isPostgres(pid)) {
    return { pid, port };
  }
  await fs.rm(file, { force: true });
  return undefined;
}

/** Pids of processes whose parent is `pid` (the postmaster's backends); Linux only. */
export async function childPids(pid: number): Promise<number[]> {
  const entries = await fs.readdir("/proc").catch(() => [] as string[]);
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Field 4 is the parent pid; the command (field 2) may contain spaces, so split after ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    if (ppid === pid) children.push(Number(entry));
  }
  return children;
}
