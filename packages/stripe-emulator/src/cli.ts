import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { emulatorEnv } from "./env";
import { startStripeEmulator } from "./emulator/start";

const env = emulatorEnv();

/** Relative state paths are taken from the workspace root (where `.data/` lives), not the package dir. */
function workspaceRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    if (dirname(dir) === dir) return from;
  }
}
const statePath = isAbsolute(env.STRIPE_EMULATOR_STATE) ? env.STRIPE_EMULATOR_STATE : join(workspaceRoot(process.cwd()), env.STRIPE_EMULATOR_STATE);
const emulator = await startStripeEmulator({
  port: env.STRIPE_EMULATOR_PORT,
  host: env.STRIPE_EMULATOR_HOST,
  statePath,
  webhookUrl: env.STRIPE_WEBHOOK_URL,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET,
  renewEvery: env.STRIPE_EMULATOR_RENEW_EVERY_MS || undefined,
});

console.log(`stripe-emulator: local Stripe API (test mode, no real charges) on ${emulator.url}`);
console.log(`stripe-emulator: state file ${statePath}; webhooks to ${env.STRIPE_WEBHOOK_URL}`);
console.log(`stripe-emulator: dashboard ${emulator.url}/_emulator`);
console.log(
  env.STRIPE_EMULATOR_RENEW_EVERY_MS
    ? `stripe-emulator: renews subscriptions at period end (checked every ${env.STRIPE_EMULATOR_RENEW_EVERY_MS / 1000} s)`
    : "stripe-emulator: automatic renewal off (STRIPE_EMULATOR_RENEW_EVERY_MS=0)",
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void emulator.stop().then(() => process.exit(0));
  });
}
