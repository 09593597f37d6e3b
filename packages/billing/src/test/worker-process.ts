import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the process has printed its first finished cycle (it is flushing). */
  started: Promise<void>;
  exited: Promise<number | null>;
  cycles: number;
}

/** Spawns src/test/flush-worker.ts as a real separate node + tsx process. */
export function spawnFlushWorker(env: { DATABASE_URL: string; STRIPE_API_BASE: string; WORKER_NAME: string }): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "src/test/flush-worker.ts"], {
    cwd: packageDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const worker: WorkerProcess = { child, cycles: 0, started: Promise.resolve(), exited: Promise.resolve(null) };
  worker.started = new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      worker.cycles += chunk.toString().split("\n").filter(Boolean).length;
      resolve();
    });
    child.once("exit", (code) => reject(new Error(`worker ${env.WORKER_NAME} exited (${code}) before flushing`)));
  });
  worker.started.catch(() => {});
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  worker.exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      if (code && code !== 0 && signal === null) process.stderr.write(`worker ${env.WORKER_NAME} failed:\n${stderr}\n`);
      resolve(code);
    }),
  );
  return worker;
}
