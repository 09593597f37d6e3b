import { readdirSync, readFileSync } from "node:fs";

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

/**
 * CPU time the whole machine spent busy so far (all cores, user + system + interrupts, ms), from
 * the first line of /proc/stat, or null without it. A side's share of the machine includes what
 * no single process shows: the kernel's network work, GC threads, Postgres.
 */
export function machineBusyMs(): number | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU time used so far by each process named postgres (the server and its backends), by pid; null without /proc. */
export function postgresCpuByPid(): Map<number, number> | null {
  try {
    const used = new Map<number, number>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        if (!readFileSync(`/proc/${entry}/comm`, "utf8").startsWith("postgres")) continue;
        const ms = processCpuMs(Number(entry));
        if (ms !== null) used.set(Number(entry), ms);
      } catch {
        // The process ended between the listing and the read.
      }
    }
    return used;
  } catch {
    return null;
  }
}

/**
 * What Postgres used between two snapshots: backends alive at both ends count their difference,
 * new ones all they used. A backend that exited in between is left out (an undercount, never a
 * negative number).
 */
export function postgresCpuBetween(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
