import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["journeys/**/*.test.ts"],
    globalSetup: ["./support/global-setup.ts"],
    // One stack, one browser per worker; two cores are shared with the apps under test.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
