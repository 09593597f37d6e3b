import { listenForCacheChanges, type CacheChangeListener } from "@meterkit/db";
import { GatewayCaches } from "@meterkit/gateway";
import { db } from "./db.server";
import { env } from "./env.server";
import { SessionCache } from "./session-cache";

// What this process remembers between requests, and the one listener that tells it when to
// forget (decisions 111, 112). Shared by /v1, the chat stream and the pages, so an API call and
// a chat message see a revoked key, a suspension or a log-out at the same moment. Kept on
// globalThis because Vite re-evaluates modules in development.
type Remembered = { gateway: GatewayCaches; sessions: SessionCache; listener: CacheChangeListener };
const holder = globalThis as typeof globalThis & { __meterkitLookupCaches?: Remembered };

function create(): Remembered {
  const gateway = new GatewayCaches(db, 2_000);
  const sessions = new SessionCache(db, 30_000);
  const listener = listenForCacheChanges(env.DATABASE_URL, {
    onChange: (change) => {
      gateway.apply(change);
      sessions.apply(change);
    },
    onReset: () => {
      gateway.clear();
      sessions.clear();
    },
    // The message only: a connection error never carries a secret, but its cause might.
    onError: (error) => console.warn(`[cache] change notices interrupted, reconnecting: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { gateway, sessions, listener };
}

const remembered = (holder.__meterkitLookupCaches ??= create());
export const gatewayCaches: GatewayCaches = remembered.gateway;
export const sessionCache: SessionCache = remembered.sessions;

/** Stops listening on shutdown. */
export async function closeLookupCaches(): Promise<void> {
  const current = holder.__meterkitLookupCaches;
  holder.__meterkitLookupCaches = undefined;
  await current?.listener.close();
}
