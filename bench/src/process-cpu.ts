import { readFileSync } from "node:fs";

// Linux reports a process's CPU time in /proc/<pid>/stat in clock ticks, 100 per second on
// every mainstream kernel configuration.
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) another process has used so far, or null where /proc is not
 * available; callers then leave the CPU rows out rather than guess.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU time the given processes used together while `fn` ran (null if any is unreadable). */
export async function cpuOfProcesses<T>(pids: Array<number | undefined>, fn: () => Promise<T>): Promise<{ result: T; cpuMs: number | null }> {
  const total = () => pids.reduce<number | null>((sum, pid) => {
    const used = processCpuMs(pid);
    return sum === null || used === null ? null : sum + used;
  }, 0);
  const before = total();
  const result = await fn();
  const after = total();
  return { result, cpuMs: before === null || after === null ? null : after - before };
}
