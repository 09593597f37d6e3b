import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

// Unit tests run without the Remix plugin (it builds the app; tests import modules directly).
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: { include: ["app/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"] },
});
