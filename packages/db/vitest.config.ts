import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@meterkit/db/testing/global-setup"],
    // Creating databases and starting clusters takes longer than vitest's 5 s default on a busy machine.
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
