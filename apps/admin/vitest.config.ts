import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Unit tests run without the Remix plugin (it builds the app; tests import modules directly).
// Route tests run loaders against a real Postgres: one database per test file from the
// migrated template (see @meterkit/db/testing).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
    globalSetup: ["@meterkit/db/testing/global-setup"],
    hookTimeout: 60_000,
    testTimeout: 30_000,
  },
});
