import type { Server } from "node:http";

export type ServeOptions = {
  httpServer: Server;
  port: number;
  /** The env variable that sets the port, named in the message when the port is taken. */
  portVariable: string;
  /** What the log calls this app, e.g. "customer app". */
  label: string;
  mode: string;
  /** Closes what the app holds (Vite, the database pool) after the last request finished. */
  onClose: () => Promise<void>;
};

/** How long a stream may run on after SIGTERM before its connection is cut. */
const STREAM_GRACE_MS = 5_000;

/**
 * Listens, and on SIGTERM/SIGINT stops accepting, lets in-flight requests finish (cutting long
 * streams after a grace period), closes the app's resources and exits 0.
 */
export function serve(options: ServeOptions): void {
  const { httpServer, port, portVariable, label, mode, onClose } = options;
  httpServer.on("error", (error: NodeJS.ErrnoException) => {
    console.error(error.code === "EADDRINUSE" ? `port ${port} is already in use (set ${portVariable} to use another)` : error);
    process.exit(1);
  });
  httpServer.listen(port, () => console.log(`${label} on http://localhost:${port} (${mode})`));

  let stopping = false;
  async function shutdown(signal: string): Promise<void> {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: closing ...`);
    const closed = new Promise((resolve) => httpServer.close(resolve));
    httpServer.closeIdleConnections();
    const cut = setTimeout(() => httpServer.closeAllConnections(), STREAM_GRACE_MS);
    await closed;
    clearTimeout(cut);
    await onClose();
    // stdout may be a pipe (the start command), where writes are async: exit once it is flushed.
    process.stdout.write("closed\n", () => process.exit(0));
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
