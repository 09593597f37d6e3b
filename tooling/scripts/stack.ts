// `npm start`: the whole Meterkit stack on one machine. Every part whose production variable is
// unset runs as a local stand-in (embedded Postgres, Stripe emulator, demo model), and the
// banner says which. Ctrl-C or SIGTERM stops the apps, then the stand-ins, and exits 0.
import { EnvError } from "@meterkit/config";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseStackEnv, PlanError, startStack, type RunningStack } from "./stack/index";
import { printLine } from "./stack/output";

const rootDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const log = (line: string) => printLine("stack", line);

// Values already in the environment win over .env, as with any dotenv loader.
const envFile = join(rootDir, ".env");
if (existsSync(envFile)) {
  process.loadEnvFile(envFile);
  log("loaded .env");
}

const abort = new AbortController();
let starting: Promise<RunningStack> | undefined;
let shuttingDown: Promise<never> | undefined;

/** Runs once; later calls wait for the first. */
function shutdown(reason: string, exitCode: number): Promise<never> {
  return (shuttingDown ??= (async () => {
    log(`${reason}; stopping ...`);
    abort.abort();
    // A start in progress cleans up after itself when aborted; a finished one is stopped here.
    const stack = await starting?.catch(() => undefined);
    await stack?.stop();
    log("stopped");
    process.exit(exitCode);
  })());
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (shuttingDown) return log(`${signal} again: still stopping (apps get SIGKILL after 10 s)`);
    void shutdown(`received ${signal}`, 0);
  });
}
// Started by run.mjs through an IPC channel: if that parent dies, take everything down with it.
if (process.connected) process.on("disconnect", () => void shutdown("parent process went away", 1));

let stack: RunningStack;
try {
  starting = startStack({ rootDir, env: parseStackEnv(), signal: abort.signal });
  stack = await starting;
} catch (error) {
  if (shuttingDown) await shuttingDown; // stopped by a signal while starting
  if (error instanceof EnvError || error instanceof PlanError) log(error.message);
  else log(`start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown("start failed", 1);
}

const exit = await stack!.unexpectedExit;
await shutdown(`${exit.name} exited unexpectedly (${exit.signal ?? `code ${exit.code}`})`, 1);
