import { spawnApp, type AppExit, type AppName, type RunningApp } from "./apps";
import { describeCredentials, describeModes, describeReady } from "./banner";
import { childEnv } from "./child-env";
import { prepareDatabase, type DevCredentials } from "./database";
import type { StackEnv } from "./env";
import { printLine, type LineSink } from "./output";
import { planStack, type StackPlan, type StackPorts } from "./plan";
import { startServices, stopServices, type Endpoints } from "./services";
import { waitForHttp } from "./wait";

export { parseStackEnv, type StackEnv } from "./env";
export { PlanError, planStack, type StackPlan, type StackPorts } from "./plan";
export type { AppExit, AppName } from "./apps";
export type { LineSink } from "./output";

export interface StackOptions {
  rootDir: string;
  env: StackEnv;
  /** Overrides of the default ports (the e2e suite passes free ones). */
  ports?: Partial<StackPorts>;
  apps?: AppName[];
  /** Where app output and the stack's own lines go; defaults to stdout with `[web]`-style tags. */
  sink?: LineSink;
  /** The base environment handed to the apps before the resolved values are laid over it. */
  baseEnv?: NodeJS.ProcessEnv;
  readyTimeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL for each app. */
  stopGraceMs?: number;
  /** Aborting while starting stops whatever was started and rejects. */
  signal?: AbortSignal;
}

export interface RunningStack {
  plan: StackPlan;
  endpoints: Endpoints;
  credentials: DevCredentials | undefined;
  /** Direct loopback addresses of the apps, for health checks and tests. */
  urls: { web: string; admin: string };
  /** Settles when an app exits without having been asked to. */
  unexpectedExit: Promise<AppExit>;
  /** Stops the apps, then the stand-ins (the database last). Safe to call more than once. */
  stop(): Promise<void>;
}

/**
 * Starts the whole stack: decides each part's mode, starts the stand-ins, migrates and seeds,
 * spawns the apps and waits until web and admin answer /healthz. If any step fails, whatever
 * was started is stopped before the error is rethrown.
 */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const sink = options.sink ?? printLine;
  const log = (line: string) => sink("stack", line);
  const plan = planStack(options.env, { rootDir: options.rootDir, ports: options.ports });
  if (plan.nodeEnv === "production") log("NODE_ENV=production: the apps run their production code paths");

  const aborted = new Promise<void>((resolve) => options.signal?.addEventListener("abort", () => resolve(), { once: true }));
  const checkAborted = () => {
    if (options.signal?.aborted) throw new Error("start aborted");
  };

  const { endpoints, services } = await startServices(plan, log);
  const apps: RunningApp[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await Promise.all(apps.map((app) => app.stop(options.stopGraceMs ?? 10_000)));
      await stopServices(services, log);
    })());
  // Last resort if this process exits without stop() (an uncaught error): no app outlives it.
  const killOnExit = () => apps.forEach((app) => app.child.pid && tryKill(-app.child.pid));
  process.once("exit", killOnExit);

  try {
    for (const line of describeModes(plan, endpoints)) log(line);
    checkAborted();
    log("migrating the database ...");
    const credentials = await prepareDatabase(endpoints.databaseUrl, { seed: plan.nodeEnv !== "production" });
    for (const line of describeCredentials(credentials, plan)) log(line);

    checkAborted();
    const env = childEnv(plan, endpoints, options.baseEnv ?? process.env);
    for (const name of options.apps ?? (["web", "admin", "worker"] as const)) apps.push(spawnApp(options.rootDir, name, env, sink));
    const unexpectedExit = Promise.race(apps.map((app) => app.exited)).then((exit) => {
      if (stopping) return new Promise<AppExit>(() => {}); // asked to stop: not unexpected
      return exit;
    });

    const urls = { web: `http://127.0.0.1:${plan.web.port}`, admin: `http://127.0.0.1:${plan.admin.port}` };
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    const giveUp = Promise.race([unexpectedExit, aborted]);
    const waits: Promise<void>[] = [];
    if (apps.some((a) => a.name === "web")) waits.push(waitForHttp(`${urls.web}/healthz`, { timeoutMs, giveUp }));
    if (apps.some((a) => a.name === "admin")) waits.push(waitForHttp(`${urls.admin}/healthz`, { timeoutMs, giveUp }));
    // An app that dies while starting is the real error; name it rather than the URL that never answered.
    const died = unexpectedExit.then((exit) => {
      throw new Error(`${exit.name} exited (${exit.signal ?? `code ${exit.code}`}) before the stack was ready (see its output)`);
    });
    died.catch(() => {}); // after start-up, the caller watches unexpectedExit itself
    await Promise.race([Promise.all(waits), died]);
    checkAborted();
    for (const line of describeReady(plan, apps.some((a) => a.name === "worker"))) log(line);

    return {
      plan,
      endpoints,
      credentials,
      urls,
      unexpectedExit,
      stop: async () => {
        await stop();
        process.off("exit", killOnExit);
      },
    };
  } catch (error) {
    await stop();
    process.off("exit", killOnExit);
    throw error;
  }
}

function tryKill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // already gone
  }
}
