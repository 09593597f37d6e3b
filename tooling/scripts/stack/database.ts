import { createDb, migrateToLatest } from "@meterkit/db";
import { seed } from "@meterkit/db/seed";

export type DevCredentials = Awaited<ReturnType<typeof seed>>["credentials"];

/**
 * Brings the schema to the latest migration and, outside production, loads the seed (plans,
 * rates and the dev users whose credentials the banner prints). Both steps are idempotent, so
 * every start runs them.
 */
export async function prepareDatabase(url: string, options: { seed: boolean }): Promise<DevCredentials | undefined> {
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    return options.seed ? (await seed(db)).credentials : undefined;
  } finally {
    await db.destroy();
  }
}
