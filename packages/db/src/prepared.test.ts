import { sql } from "kysely";
import { expect, it } from "vitest";
import { PREPARED } from "./client.js";
import { useTestDb } from "./testing/index.js";

const t = useTestDb();

it("runs a statement marked PREPARED by name on its connection, once parsed, with each call's own values", async () => {
  await t.db.connection().execute(async (conn) => {
    const double = (n: number) => sql<{ doubled: number }>`${sql.raw(PREPARED)} SELECT ${n}::int * 2 AS doubled`.execute(conn);
    const triple = (n: number) => sql<{ tripled: number }>`${sql.raw(PREPARED)} SELECT ${n}::int * 3 AS tripled`.execute(conn);
    expect((await double(2)).rows).toEqual([{ doubled: 4 }]);
    expect((await double(21)).rows).toEqual([{ doubled: 42 }]);
    expect((await triple(3)).rows).toEqual([{ tripled: 9 }]);

    const { rows } = await sql<{ name: string; statement: string }>`SELECT name, statement FROM pg_prepared_statements ORDER BY statement`.execute(conn);
    // One server-side statement per text, however often it ran; two texts never share a name.
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.name.startsWith("mk_") && r.statement.startsWith(PREPARED))).toBe(true);
    expect(new Set(rows.map((r) => r.name)).size).toBe(2);
  });
});

it("leaves unmarked statements unnamed", async () => {
  await t.db.connection().execute(async (conn) => {
    await sql`SELECT ${1}::int AS one`.execute(conn);
    const { rows } = await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(conn);
    expect(rows.filter((r) => r.statement.includes("AS one"))).toEqual([]);
  });
});
