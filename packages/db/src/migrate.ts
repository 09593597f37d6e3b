import { Migrator, NO_MIGRATIONS, type Kysely, type MigrationResult } from "kysely";
import { migrations } from "./migrations/index.js";

export class MigrationError extends Error {
  readonly code = "MIGRATION_FAILED";
  constructor(
    readonly migration: string | undefined,
    readonly results: MigrationResult[],
    options?: { cause?: unknown },
  ) {
    super(`migration ${migration ?? "(unknown)"} failed: ${String((options?.cause as Error | undefined)?.message ?? options?.cause)}`, options);
    this.name = "MigrationError";
  }
}

// Migrations run against whatever schema the database has at the time, not the typed one of today.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type UntypedDb = Kysely<any>;

function migrator(db: UntypedDb): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => migrations } });
}

function check(result: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  const results = result.results ?? [];
  if (result.error !== undefined) {
    const failed = results.find((r) => r.status === "Error")?.migrationName;
    throw new MigrationError(failed, results, { cause: result.error });
  }
  return results;
}

/** Applies every pending migration (in one transaction, under kysely's migration lock). */
export async function migrateToLatest(db: UntypedDb): Promise<MigrationResult[]> {
  return check(await migrator(db).migrateToLatest());
}

/** Reverts the most recent migration. */
export async function migrateDown(db: UntypedDb): Promise<MigrationResult[]> {
  return check(await migrator(db).migrateDown());
}

/** Reverts every migration (used by tests that prove each `down` works). */
export async function migrateToNothing(db: UntypedDb): Promise<MigrationResult[]> {
  return check(await migrator(db).migrateTo(NO_MIGRATIONS));
}

export { migrations };
