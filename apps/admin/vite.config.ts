import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";

// Single fetch: loaders return plain objects (use `data()` for a status or headers), the
// behaviour Remix 2 defaults to in its next major.
declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Workspace packages that only loaders, actions and *.server modules use. Remix strips that
// code from the browser bundle, but Vite's start-up dependency scan would still crawl into them
// and try to pre-bundle Node-only modules (argon2's native binding) for the browser.
const serverOnlyPackages = ["@meterkit/api", "@meterkit/billing", "@meterkit/config", "@meterkit/db", "@meterkit/gateway", "@meterkit/llm"];

export default defineConfig({
  optimizeDeps: { exclude: serverOnlyPackages },
  plugins: [
    tailwindcss(),
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        // Scan every route for client dependencies at start-up. Without it Vite discovers them
        // on first use and reloads the page mid-visit, which also makes browser tests flaky.
        unstable_optimizeDeps: true,
      },
    }),
    tsconfigPaths(),
  ],
});
