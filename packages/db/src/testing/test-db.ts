import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import type { Kysely } from "kysely";
import { createDb } from "../client.js";
import type { Database } from "../schema/index.js";
import { urlWithDatabase } from "./template.js";
import "./provided-context.js";

export interface TestDb {
  db: Kysely<Database>;
  url: string;
  name: string;
  destroy(): Promise<void>;
}

function provided() {
  const value = inject("meterkitTestDatabase");
  if (!value) {
    throw new Error(
      'No test database server: add globalSetup: ["@meterkit/db/testing/global-setup"] to this package\'s vitest.config.ts',
    );
  }
  return value;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function newDatabase(template: string | undefined, max: number): Promise<TestDb> {
  const { adminUrl } = provided();
  const name = `meterkit_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const from = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : "";
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}${from}`));
  const url = urlWithDatabase(adminUrl, name);
  const db = createDb(url, { max, applicationName: "meterkit-test" });
  return {
    db,
    url,
    name,
    async destroy() {
      await db.destroy();
      await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}

/** A fresh, migrated database copied from the run's template (a file-level copy: fast). */
export function createTestDb(options: { max?: number } = {}): Promise<TestDb> {
  return newDatabase(provided().template, options.max ?? 5);
}

/** An empty database on the test server (no migrations), for tests of the migrations themselves. */
export function createEmptyTestDb(): Promise<TestDb> {
  return newDatabase(undefined, 2);
}

/**
 * Registers beforeAll/afterAll hooks giving the current test file its own database.
 * Usage: `const t = useTestDb();` then `t.db` inside tests.
 */
export function useTestDb(options: { max?: number } = {}): { readonly db: Kysely<Database>; readonly url: string } {
  let current: TestDb | undefined;
  beforeAll(async () => {
    current = await createTestDb(options);
  });
  afterAll(async () => {
    await current?.destroy();
  });
  const get = () => {
    if (!current) throw new Error("the test database is created in beforeAll; use it inside tests or hooks");
    return current;
  };
  return {
    get db() {
      return get().db;
    },
    get url() {
      return get().url;
    },
  };
}
