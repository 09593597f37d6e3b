/** Ports of the embedded defaults; none collides with a standard service port (5432 stays free). */
export const ports = {
  web: 3000,
  admin: 3001,
  embeddedPostgres: 54329,
  stripeEmulator: 12111,
  demoModel: 12112,
} as const;

/** Values the start command hands to every process when a production variable is unset. */
export const embeddedDefaults = {
  stripeSecretKey: "sk_test_emulator",
  stripeWebhookSecret: "whsec_emulator_local_only",
  openaiApiKey: "sk-demo-local",
  stripeApiBase: `http://127.0.0.1:${ports.stripeEmulator}`,
  openaiBaseUrl: `http://127.0.0.1:${ports.demoModel}/v1`,
} as const;
