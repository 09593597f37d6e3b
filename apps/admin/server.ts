// The admin portal's HTTP server: Express with Remix. In development Vite runs as middleware
// (on-demand compilation, HMR on this same port); in production it serves the output of
// `remix vite:build`.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { closeDb } from "./app/lib/server/db.server";
import { env } from "./app/lib/server/env.server";
import { getLoadContext } from "./app/lib/server/load-context";
import { answerClientErrors, configureEdge, refuseUnusableRequests, logRequests, refuseCrossSite, serve } from "@meterkit/app-server";

const appDir = dirname(fileURLToPath(import.meta.url));
const app = express();
const httpServer = createServer(app);
app.disable("x-powered-by");
configureEdge(app, { nodeEnv: env.NODE_ENV, trustProxy: env.TRUST_PROXY, publicUrl: env.ADMIN_URL, urlVariable: "ADMIN_URL" });

// Before Vite and every route: what cannot become a Fetch Request is refused as the client's mistake.
app.use(refuseUnusableRequests);

const vite =
  env.NODE_ENV === "production"
    ? undefined
    : await import("vite").then(({ createServer: createViteServer }) =>
        // HMR rides on our own HTTP server, so web and admin never fight over Vite's default port.
        createViteServer({ root: appDir, server: { middlewareMode: true, hmr: { server: httpServer } } }),
      );

if (vite) {
  // Remix's plugin starts a second (non-middleware) Vite server, which installs a SIGTERM
  // handler that closes it and exits at once with 143, cutting our graceful shutdown short.
  // This process owns its signals: drop that handler; `vite.close()` below closes both servers.
  process.removeAllListeners("SIGTERM");
  app.use(vite.middlewares);
} else {
  // Vite fingerprints built assets, so they can be cached forever.
  app.use("/assets", express.static(join(appDir, "build/client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(join(appDir, "build/client"), { maxAge: "1h" }));
}

app.use(logRequests);
app.use(refuseCrossSite([]));
const build = vite
  ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
  : ((await import(pathToFileURL(join(appDir, "build/server/index.js")).href)) as ServerBuild);
app.all("*", createRequestHandler({ build, mode: env.NODE_ENV, getLoadContext }));
app.use(answerClientErrors);

serve({
  httpServer,
  port: env.ADMIN_PORT,
  portVariable: "ADMIN_PORT",
  label: "admin portal",
  mode: vite ? "development, Vite middleware" : "production build",
  onClose: async () => {
    await vite?.close();
    await closeDb();
  },
});
