import pg from "pg";
import { z } from "zod";

/** The channel migration 0100's triggers announce cache-relevant changes on. */
export const CACHE_CHANGE_CHANNEL = "meterkit_cache";

/**
 * What changed: an API key (by the hash api_keys stores), a customer, a plan and its rates, a
 * session that ended before its expiry, or a user.
 */
export type CacheChange = { table: "api_keys"; keyHash: string } | { table: "customers" | "plans" | "sessions" | "users"; id: string };

const cacheChange = z.union([
  z.object({ table: z.literal("api_keys"), keyHash: z.string() }),
  z.object({ table: z.enum(["customers", "plans", "sessions", "users"]), id: z.string() }),
]);

export type CacheChangeHandlers = {
  onChange(change: CacheChange): void;
  /**
   * Called whenever notices may have been missed: after every (re)connection and when the
   * connection drops. Remembered values must then be forgotten, since a change may have gone unheard.
   */
  onReset(): void;
  onError?(error: unknown): void;
};

export type CacheChangeListener = {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
};

/**
 * Listens on its own connection (LISTEN needs one held for good; a pooled one would be handed
 * to queries) and reconnects after a drop, with a delay that grows to `maxRetryMs`.
 */
export function listenForCacheChanges(
  connectionString: string,
  handlers: CacheChangeHandlers,
  options: { retryMs?: number; maxRetryMs?: number } = {},
): CacheChangeListener {
  const firstRetry = options.retryMs ?? 250;
  const maxRetry = options.maxRetryMs ?? 10_000;
  let retry = firstRetry;
  let closed = false;
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const dropped = (error?: unknown) => {
    if (error) handlers.onError?.(error);
    const gone = client;
    client = null;
    void quiet(gone);
    if (closed) return;
    handlers.onReset();
    timer = setTimeout(connect, retry);
    timer.unref();
    retry = Math.min(retry * 2, maxRetry);
  };

  const connect = async () => {
    timer = null;
    const next = new pg.Client({ connectionString, application_name: "meterkit-cache-listener" });
    client = next;
    next.on("error", (error) => client === next && dropped(error));
    next.on("end", () => client === next && dropped());
    next.on("notification", (message) => {
      if (message.channel !== CACHE_CHANGE_CHANNEL || !message.payload) return;
      const parsed = cacheChange.safeParse(safeJson(message.payload));
      // An unreadable notice still says something changed: forget everything rather than guess.
      if (parsed.success) handlers.onChange(parsed.data);
      else handlers.onReset();
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CACHE_CHANGE_CHANNEL}`);
      if (closed) return void next.end().catch(() => {});
      retry = firstRetry;
      handlers.onReset();
      markReady();
    } catch (error) {
      if (client === next) dropped(error);
    }
  };

  void connect();
  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = null;
      await quiet(current);
    },
  };
}

/** Ends a client we are done with; a late 'error' from it must not become an uncaught one. */
async function quiet(client: pg.Client | null): Promise<void> {
  if (!client) return;
  client.removeAllListeners();
  client.on("error", () => {});
  await client.end().catch(() => {});
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
