// Child processes of the benches: the demo model (standing in for a remote provider) and the /v1
// gateway, each in its own process as in production, so the load generator never shares an
// event loop with what it measures. Started with `startBenchChild([role, ...])` (children.ts);
// reports its port over IPC and runs until killed.
//   demo [options JSON]              startDemoModel; default unpaced (tokensPerSecond: Infinity)
//   gateway <database URL> <demo URL>
//   relay <demo URL>                 a bare HTTP relay to the demo model: the floor of any gateway
import { verifyApiKey } from "@meterkit/api";
import { createDb } from "@meterkit/db";
import { AdmissionLeases, createV1Handler, defaultLeasePolicy, toNodeListener } from "@meterkit/gateway";
import { createLlmClient, startDemoModel, type DemoModelOptions } from "@meterkit/llm";
import http, { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const [role, ...args] = process.argv.slice(2);

async function startDemo(): Promise<number> {
  // JSON has no Infinity: the unpaced default applies unless the options name a pace.
  const options = args[0] ? (JSON.parse(args[0]) as DemoModelOptions) : {};
  const demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0, replyTokens: { min: 60, max: 60 }, ...options, port: 0 });
  return demo.port;
}

async function startGateway(): Promise<number> {
  const [databaseUrl, demoUrl] = args;
  if (!databaseUrl || !demoUrl) throw new Error("gateway role needs a database URL and the demo model URL");
  const db = createDb(databaseUrl, { max: 20, applicationName: "meterkit-bench-gateway" });
  // Retries as apps/web has them (the default): a keep-alive socket the model closed while idle
  // is retried before the first byte, as in production, instead of failing the whole bench.
  const llm = createLlmClient({ OPENAI_API_KEY: "sk-bench", OPENAI_BASE_URL: demoUrl });
  const handler = createV1Handler({
    db,
    llm,
    // As apps/web serves /v1 (decision 116).
    leases: new AdmissionLeases(db, defaultLeasePolicy, (error) => console.error("gateway background error (admission lease)", error)),
    authenticate: (raw) => verifyApiKey(db, raw),
    onBackgroundError: (error, what) => console.error(`gateway background error (${what})`, error),
  });
  const server = createServer({ keepAliveTimeout: 60_000 }, toNodeListener(handler, { bodyFromRaw: true }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * What the gateway costs before doing any of its own work: one more process and one more HTTP
 * hop. Requests and responses are piped through untouched, with a keep-alive agent like the
 * gateway's upstream client. No auth, no parsing, no database, no metering.
 */
async function startRelay(): Promise<number> {
  const target = new URL(args[0] ?? "");
  const agent = new http.Agent({ keepAlive: true, scheduling: "lifo" });
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent }, (reply) => {
      res.writeHead(reply.statusCode ?? 502, reply.headers);
      reply.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

async function main(): Promise<void> {
  const port = role === "demo" ? await startDemo() : role === "relay" ? await startRelay() : await startGateway();
  process.send?.({ port });
}

// Exit normally on a signal, so --cpu-prof and friends can write their output.
process.once("SIGINT", () => process.exit(0));
process.once("SIGTERM", () => process.exit(0));

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
