import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@meterkit/db/testing/global-setup"],
    hookTimeout: 120_000,
    testTimeout: 60_000,
    // The fault tests spawn worker processes; keep files sequential on a 2-core machine.
    fileParallelism: false,
  },
});
