import { createDb, type Db } from "@meterkit/db";
import { env } from "./env.server";

// One pool per process. Kept on globalThis because in development Vite re-evaluates this
// module on every edit, and each evaluation would otherwise open a new pool.
const holder = globalThis as typeof globalThis & { __meterkitAdminDb?: Db };

export const db: Db = (holder.__meterkitAdminDb ??= createDb(env.DATABASE_URL, { applicationName: "meterkit-admin" }));

/** Closes the pool on shutdown; a later `db` import would need a restart. */
export async function closeDb(): Promise<void> {
  const current = holder.__meterkitAdminDb;
  holder.__meterkitAdminDb = undefined;
  await current?.destroy();
}
