import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

export type BenchChild = { child: ChildProcess; port: number };

/** Forks processes.ts in `role` and resolves with the port it listens on. */
export function startBenchChild(args: string[]): Promise<BenchChild> {
  const file = fileURLToPath(new URL("./processes.ts", import.meta.url));
  const child = fork(file, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  return new Promise((resolve, reject) => {
    child.once("message", (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once("exit", (code) => reject(new Error(`bench child ${args[0]} exited with ${code}`)));
  });
}

/** SIGTERM, then waits for the exit (so the next bench does not share the CPU with a dying child). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  await exited;
}
