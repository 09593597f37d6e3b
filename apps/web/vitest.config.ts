import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Unit tests run without the Remix plugin (it builds the app; tests import modules directly).
// Server tests get a database of their own per file from the migrated template.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    globalSetup: ["@meterkit/db/testing/global-setup"],
    hookTimeout: 120_000,
    // The hostile-input suite serves the app through Vite's dev middleware, which compiles a
    // route on its first request; on a loaded two-core machine that alone has taken 5 s.
    testTimeout: 30_000,
  },
});
