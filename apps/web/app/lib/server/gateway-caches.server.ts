import { listenForCacheChanges, type CacheChangeListener } from "@meterkit/db";
import { GatewayCaches } from "@meterkit/gateway";
import { db } from "./db.server";
import { env } from "./env.server";

// One set of caches per process, shared by /v1 and the chat stream route, so an API call and a
// chat message see a revoked key, a suspension or a new rate at the same moment. Kept on
// globalThis because Vite re-evaluates modules in development.
const holder = globalThis as typeof globalThis & { __meterkitGatewayCaches?: { caches: GatewayCaches; listener: CacheChangeListener } };

function create() {
  const caches = new GatewayCaches(db, 2_000);
  const listener = listenForCacheChanges(env.DATABASE_URL, {
    onChange: (change) => caches.apply(change),
    onReset: () => caches.clear(),
    // The message only: a connection error never carries a secret, but its cause might.
    onError: (error) => console.warn(`[cache] change notices interrupted, reconnecting: ${error instanceof Error ? error.message : String(error)}`),
  });
  return { caches, listener };
}

export const gatewayCaches: GatewayCaches = (holder.__meterkitGatewayCaches ??= create()).caches;

/** Stops listening on shutdown. */
export async function closeGatewayCaches(): Promise<void> {
  const current = holder.__meterkitGatewayCaches;
  holder.__meterkitGatewayCaches = undefined;
  await current?.listener.close();
}
