import { Kysely, PostgresDialect } from "kysely";
import { createHash } from "node:crypto";
import pg from "pg";
import type { Database } from "./schema/index.js";

const INT8_OID = 20;

export class UnsafeIntegerError extends Error {
  readonly code = "UNSAFE_INTEGER";
  constructor(readonly value: string) {
    super(`bigint value ${value} is outside JavaScript's safe integer range`);
    this.name = "UnsafeIntegerError";
  }
}

/**
 * int8 columns (money in micros, token totals, count(*)) are read as JS numbers. Every value
 * Meterkit stores stays far below 2^53 (9e15 micros = 9 billion USD), and plain numbers keep
 * arithmetic and JSON simple. A value outside the safe range throws instead of silently rounding.
 * This is set per pool (not pg's global type registry) so other pg users in the process are
 * unaffected. Note: sum() of a bigint column returns numeric, which pg leaves as a string —
 * cast sums with `::bigint` in queries.
 */
function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new UnsafeIntegerError(value);
  return parsed;
}

const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * Put at the very start of a statement's text to have it prepared once per connection and then
 * executed by name: Postgres parses and plans it once instead of on every call. For the few
 * statements on every request's path (admission, the ledger write), where that was 0.2-0.3 ms
 * of a ~1 ms statement; not for ad-hoc queries, since each distinct text stays prepared for the
 * life of the connection. Behind PgBouncer in transaction mode this needs
 * `max_prepared_statements` (PgBouncer 1.21+).
 */
export const PREPARED = "/* prepared */";

const statementNames = new Map<string, string>();

/** The same text always gets the same name; pg refuses one name for two texts on a connection. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `mk_${createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    if (statementNames.size < 1_000) statementNames.set(text, name);
  }
  return name;
}

/** pg's client, with the statements marked PREPARED executed by name (kysely passes text and values). */
class PreparingClient extends pg.Client {
  // pg's query() has a dozen overloads that no single signature can restate; this forwards every
  // one of them untouched but the marked form, so the loose types stay inside this method.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(config: any, values?: any, callback?: any): any {
    if (typeof config === "string" && config.startsWith(PREPARED) && Array.isArray(values)) {
      return super.query({ name: statementName(config), text: config, values }, callback);
    }
    return super.query(config, values, callback);
  }
}

export interface CreateDbOptions {
  /** Pool size; defaults to 10. */
  max?: number;
  /** Sent as application_name, visible in pg_stat_activity. */
  applicationName?: string;
}

export type Db = Kysely<Database>;

/** Creates a Kysely client over a pg pool. Call `db.destroy()` to close the pool. */
export function createDb(url: string, options: CreateDbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: options.max ?? 10,
    types: typeParsers,
    application_name: options.applicationName ?? "meterkit",
  });
  // An idle client losing its connection (server restart) must not crash the process; the
  // pool discards it and the next query opens a new one.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
