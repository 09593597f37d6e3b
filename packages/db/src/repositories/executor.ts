import type { Kysely } from "kysely";
import type { Database } from "../schema/index.js";

/** A client or a transaction (Transaction<Database> extends Kysely<Database>). */
export type Executor = Kysely<Database>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Ids come from URLs and forms; a malformed one is "not found", not a Postgres cast error
 * (which would surface as a 500).
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
