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
const serverOnlyPackages = ["@meterkit/api", "@meterkit/app-server", "@meterkit/billing", "@meterkit/config", "@meterkit/db", "@meterkit/gateway", "@meterkit/llm"];

// The production server bundle imports these packages instead of inlining them: they are
// TypeScript run through tsx (production start: `NODE_ENV=production tsx server.ts`), and
// inlining would pull their own dependencies (argon2's native binding) into the bundle. Vite's
// `ssr.external` refuses .ts entry points, so this goes to Rollup directly. In development Vite
// loads them itself, with HMR.
const serverBundleExternal = new RegExp(`^(${[...serverOnlyPackages, "@meterkit/metering"].join("|")})(/|$)`);

export default defineConfig(({ isSsrBuild }) => ({
  // Pre-bundle at start-up what the route scan misses (stripe is reached through server-only
  // code the scan still crawls); discovered later, Vite would reload the page mid-visit.
  optimizeDeps: { exclude: serverOnlyPackages, include: ["stripe", "@trpc/client", "recharts"] },
  build: isSsrBuild ? { rollupOptions: { external: serverBundleExternal } } : {},
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
}));
