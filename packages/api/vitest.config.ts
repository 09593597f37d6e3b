import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@meterkit/db/testing/global-setup"],
    // Each test file gets its own database; creating one and hashing passwords (argon2) is slow
    // on a busy 2-core machine, so the defaults are raised.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
