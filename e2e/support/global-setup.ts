// Starts the whole stack once for the suite, with the same modules `npm start` uses, on free
// ports and a database of its own: a fresh database on TEST_DATABASE_URL's server, or an
// embedded Postgres in a temp folder. Stripe is always the local emulator and the model always
// the demo model, whatever the developer's environment says.
import { parseStackEnv, startStack } from "@meterkit/scripts/stack";
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { createFreshDatabase, type FreshDatabase } from "./database";
import { e2eEnv } from "./env";
import { freePort } from "./ports";
import "./stack-info";

const e2eDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const rootDir = join(e2eDir, "..");

export default async function setup(project: TestProject) {
  const logDir = join(e2eDir, ".logs");
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, "stack.log");
  const log = createWriteStream(logFile);
  const sink = (name: string, line: string) => {
    log.write(`[${name}] ${line}\n`);
    if (e2eEnv.E2E_STACK_OUTPUT === "1" || name === "stack") process.stdout.write(`  e2e [${name}] ${line}\n`);
  };

  const dataDir = mkdtempSync(join(tmpdir(), "meterkit-e2e-"));
  // mkdtemp makes it private to us; embedded Postgres run by root drops to its own system user,
  // which must be able to reach its data folder inside.
  chmodSync(dataDir, 0o755);
  let database: FreshDatabase | undefined;
  if (e2eEnv.TEST_DATABASE_URL) database = await createFreshDatabase(e2eEnv.TEST_DATABASE_URL);

  const [web, admin, embeddedPostgres, stripeEmulator, demoModel] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const webUrl = `http://127.0.0.1:${web}`;
  const adminUrl = `http://127.0.0.1:${admin}`;
  // Only what the suite decides; production variables from the caller's shell are dropped.
  const env = parseStackEnv({
    NODE_ENV: "development",
    DATABASE_URL: database?.url,
    METERKIT_DATA_DIR: dataDir,
    WEB_PORT: String(web),
    ADMIN_PORT: String(admin),
    // The browser uses these exact origins, so cookies and Stripe return URLs line up.
    WEB_URL: webUrl,
    ADMIN_URL: adminUrl,
  });
  const baseEnv = { ...process.env };
  for (const name of ["DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "OPENAI_BASE_URL"]) {
    delete baseEnv[name];
  }

  const cleanUp = async () => {
    await database?.drop().catch((error: Error) => sink("stack", `could not drop the e2e database: ${error.message}`));
    rmSync(dataDir, { recursive: true, force: true });
    log.end();
  };

  let stack;
  try {
    stack = await startStack({
      rootDir,
      env,
      ports: { embeddedPostgres, stripeEmulator, demoModel },
      sink,
      baseEnv,
      readyTimeoutMs: 180_000,
      stopGraceMs: 5_000,
    });
  } catch (error) {
    await cleanUp();
    throw new Error(`the stack did not start (its output is in ${logFile}): ${(error as Error).message}`);
  }

  project.provide("stack", {
    webUrl,
    adminUrl,
    databaseUrl: stack.endpoints.databaseUrl,
    stripeApiBase: stack.endpoints.stripeApiBase ?? "",
    openaiBaseUrl: stack.endpoints.openaiBaseUrl,
    logFile,
  });

  return async () => {
    await stack.stop();
    await cleanUp();
  };
}
