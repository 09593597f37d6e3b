import { startDevPostgres } from "../embedded/dev.js";

// Runs the development database on its own until Ctrl-C (the start command normally does this).
const server = await startDevPostgres({ log: (line) => console.log(`[postgres] ${line}`) });
console.log(`DATABASE_URL=${server.url}`);
// The server process is detached and unref'd, so keep this process alive until a signal.
const keepAlive = setInterval(() => {}, 1 << 30);
const shutdown = async () => {
  clearInterval(keepAlive);
  await server.stop();
  console.log("[postgres] stopped");
  process.exit(0);
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
