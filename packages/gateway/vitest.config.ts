import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["@meterkit/db/testing/global-setup"],
    hookTimeout: 120_000,
    testTimeout: 120_000,
    // Load tests (200 concurrent requests, 2,000 hostile ones) share 2 cores: one file at a time.
    fileParallelism: false,
  },
});
