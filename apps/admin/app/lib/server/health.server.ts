import { sql } from "kysely";
import { db } from "./db.server";

export interface Health {
  ok: boolean;
  db: "up" | "down";
}

/** Readiness: the process serves and its database answers within two seconds. */
export async function checkHealth(): Promise<Health> {
  try {
    await Promise.race([
      sql`select 1`.execute(db),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database did not answer in time")), 2_000).unref()),
    ]);
    return { ok: true, db: "up" };
  } catch {
    return { ok: false, db: "down" };
  }
}
