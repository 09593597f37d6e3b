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
  const files = readdirSync(folder);
  for (const name of Object.keys(migrations)) {
    const file = files.find((f) => f.startsWith(`${name}.`));
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
    // Marks the template as in use, so another checkout's run leaves it alone for a while.
    await client
      .query(`COMMENT ON DATABASE ${client.escapeIdentifier(template)} IS ${client.escapeLiteral(`${USED_PREFIX}${new Date().toISOString()}`)}`)
      .catch(() => {}); // a role that may not comment only loses this protection
    await dropStaleTemplates(client, template);
    return template;
  } finally {
    await client.query("select pg_advisory_unlock($1)", [TEMPLATE_LOCK_KEY]).catch(() => {});
    await client.end();
  }
}

const USED_PREFIX = "meterkit test template, last used ";
/** Longer than any test run: a template another checkout's run started from within this time stays. */
const KEEP_UNUSED_MS = 6 * 60 * 60_000;

/**
 * Drops templates of other migration sets that no run has started from for KEEP_UNUSED_MS.
 * Another checkout at other migrations (a branch, a second clone) may be running its tests right
 * now: dropping its template between two of its test databases would fail its next one.
 */
async function dropStaleTemplates(client: pg.Client, current: string): Promise<void> {
  const others = await client.query<{ datname: string; note: string | null }>(
    "select datname, shobj_description(oid, 'pg_database') as note from pg_database where datname like 'meterkit\\_template\\_%' and datname <> $1",
    [current],
  );
  for (const { datname, note } of others.rows) {
    const usedAt = note?.startsWith(USED_PREFIX) ? Date.parse(note.slice(USED_PREFIX.length)) : NaN;
    if (Date.now() - usedAt < KEEP_UNUSED_MS) continue;
    // One still connected to (a database being copied from it) cannot be dropped; it waits for the next run.
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(datname)}`).catch(() => {});
  }
}
