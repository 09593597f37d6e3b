import { createDb, migrateToLatest, seed } from "@meterkit/db";

export type DevCredentials = Awaited<ReturnType<typeof seed>>;

/**
 * Brings the schema to the latest migration and, outside production, loads the seed (plans,
 * rates and the dev users whose credentials the banner prints). Both steps are idempotent, so
 * every start runs them.
 */
export async function prepareDatabase(url: string, options: { seed: boolean }): Promise<DevCredentials | undefined> {
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    return options.seed ? await seed(db) : undefined;
  } finally {
    await db.destroy();
  }
}
