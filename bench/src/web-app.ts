// The customer app (apps/web) as it runs in production: `remix vite:build`, then
// `NODE_ENV=production tsx server.ts` (Express + Remix) in its own process. The bench then talks
// to it over HTTP like a browser does, so everything on a chat request's path is measured:
// Express, Remix's request handler, the session lookup, the route's action and the gateway.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const webDir = fileURLToPath(new URL("../../apps/web/", import.meta.url));

export type WebApp = { url: string; pid: number | undefined; stop(): Promise<void> };

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
}

/**
 * Builds the app every run: a build left over from older sources would measure old code. Its
 * output (Vite's warnings included) is shown only when the build fails.
 */
export async function buildWebApp(): Promise<void> {
  const build = spawn(`${webDir}node_modules/.bin/remix`, ["vite:build"], { cwd: webDir, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  build.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  build.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await exitOf(build);
  if (code !== 0) throw new Error(`building apps/web failed (exit ${code}):\n${output}`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, exited: Promise<number | null>): Promise<void> {
  let gone = false;
  void exited.then(() => (gone = true));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline && !gone; ) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(gone ? "apps/web exited during start-up" : "apps/web did not become healthy within 60 s");
}

/**
 * Starts the built app on a free port. The environment is given in full (nothing inherited), so a developer's STRIPE_* or OPENAI_* cannot leak into the measurement: no Stripe key
 * (batched plans never call Stripe on the request path), the model at `modelUrl`.
 */
export async function startWebApp(options: { databaseUrl: string; modelUrl: string; nodeArgs?: string[] }): Promise<WebApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    NODE_ENV: "production",
    WEB_PORT: String(port),
    WEB_URL: url,
    DATABASE_URL: options.databaseUrl,
    OPENAI_API_KEY: "sk-bench",
    OPENAI_BASE_URL: options.modelUrl,
  };
  // stdout carries one log line per request, as in production; it is drained, not shown.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server.ts"], { cwd: webDir, env, stdio: ["ignore", "pipe", "inherit"] });
  child.stdout?.resume();
  const exited = exitOf(child);
  try {
    await waitForHealth(url, exited);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}
