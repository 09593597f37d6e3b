import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { createDb } from "../client.js";
import { migrateToLatest, migrations } from "../migrate.js";

/** Any fixed number works; it only has to be the same in every process. */
const TEMPLATE_LOCK_KEY = 7_391_120_031;

/**
 * The template's name changes whenever a migration's source does, so edits are picked up: the
 * files themselves are hashed, since up() often only loops over statements kept beside it.
 */
export function templateName(): string {
  const hash = createHash("sha256");
  const folder = fileURLToPath(new URL("../migrations/", import.meta.url));
  for (const name of Object.keys(migrations)) {
    const file = readdirSync(folder).find((f) => f.startsWith(`${name}.`));
    hash.update(name).update(file ? readFileSync(join(folder, file)) : "");
  }
  return `meterkit_template_${hash.digest("hex").slice(0, 12)}`;
}

export function urlWithDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * Creates the migrated template database once per migration set. An advisory lock serialises
 * concurrent test runs; the schema is built under a temporary name and renamed into place, so
 * a run killed half-way never leaves a template that looks finished.
 */
export async function ensureTemplate(adminUrl: string): Promise<string> {
  const template = templateName();
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [TEMPLATE_LOCK_KEY]);
    const found = await client.query("select 1 from pg_database where datname = $1", [template]);
    if (found.rowCount === 0) {
      const building = `${template}_building`;
      await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(building)} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(building)}`);
      const db = createDb(urlWithDatabase(adminUrl, building), { max: 1, applicationName: "meterkit-template" });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(building)} RENAME TO ${client.escapeIdentifier(template)}`);
    }
    await dropStaleTemplates(client, template);
    return template;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

async function dropStaleTemplates(client: pg.Client, current: string): Promise<void> {
  const stale = await client.query<{ datname: string }>(
    "select datname from pg_database where datname like 'meterkit\\_template\\_%' and datname <> $1",
    [current],
  );
  for (const { datname } of stale.rows) {
    // A template still in use by an older checkout's run is left alone.
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)}`).catch(() => {});
  }
}
