import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { pipeLines, type LineSink } from "./output";

export type AppName = "web" | "admin" | "worker";

/** Each app is a TypeScript entry point run with `node --import tsx` from its own folder. */
const entries: Record<AppName, { dir: string; entry: string }> = {
  web: { dir: "apps/web", entry: "server.ts" },
  admin: { dir: "apps/admin", entry: "server.ts" },
  worker: { dir: "apps/worker", entry: "src/main.ts" },
};

export interface AppExit {
  name: AppName;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface RunningApp {
  name: AppName;
  child: ChildProcess;
  exited: Promise<AppExit>;
  /** SIGTERM, then SIGKILL to the app's whole process group once `graceMs` has passed. */
  stop(graceMs: number): Promise<AppExit>;
}

export function spawnApp(rootDir: string, name: AppName, env: NodeJS.ProcessEnv, sink: LineSink): RunningApp {
  const { dir, entry } = entries[name];
  // Own process group: a terminal Ctrl-C goes to the stack, which stops apps in order, and a
  // final SIGKILL also reaches what the app spawned (vite's esbuild service).
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: join(rootDir, dir),
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  pipeLines(name, child.stdout, sink);
  pipeLines(name, child.stderr, sink);
  const exited = new Promise<AppExit>((resolve) => {
    // Resolve on "close" (output fully read) so an app's last lines are printed before the
    // stack moves on; a grandchild holding the pipe open gets one second.
    child.on("exit", (code, signal) => {
      const result = { name, code, signal };
      child.once("close", () => resolve(result));
      setTimeout(() => resolve(result), 1_000).unref();
    });
    child.on("error", (error) => {
      sink(name, `could not start: ${error.message}`);
      resolve({ name, code: 1, signal: null });
    });
  });

  return {
    name,
    child,
    exited,
    async stop(graceMs) {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      signalGroup(child, "SIGTERM");
      const timer = setTimeout(() => {
        sink(name, `still running after ${graceMs} ms; killing it`);
        signalGroup(child, "SIGKILL");
      }, graceMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
