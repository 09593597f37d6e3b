// Scratch: a dev stack on fixed unusual ports for manual testing (not committed).
import { parseStackEnv, startStack } from "@meterkit/scripts/stack";
import { join } from "node:path";
const rootDir = join(import.meta.dirname, "..");
const web = 3390, admin = 3391;
const env = parseStackEnv({ NODE_ENV: "development", METERKIT_DATA_DIR: "/tmp/devstack/data", WEB_PORT: String(web), ADMIN_PORT: String(admin), WEB_URL: `http://127.0.0.1:${web}`, ADMIN_URL: `http://127.0.0.1:${admin}` });
const baseEnv = { ...process.env };
for (const n of ["DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY", "OPENAI_BASE_URL"]) delete baseEnv[n];
const stack = await startStack({ rootDir, env, ports: { embeddedPostgres: 54390, stripeEmulator: 12390, demoModel: 12391 }, baseEnv, readyTimeoutMs: 180_000, stopGraceMs: 5000, apps: ["web", "admin"] });
console.log("READY", JSON.stringify(stack.endpoints));
process.on("SIGTERM", () => void stack.stop().then(() => process.exit(0)));
process.on("SIGINT", () => void stack.stop().then(() => process.exit(0)));
