import pg from "pg";
import { expect, inject, it } from "vitest";
import { ensureTemplate } from "./template.js";
import "./provided-context.js";

const { adminUrl } = inject("meterkitTestDatabase");

it("drops other migration sets' templates unused for hours, and leaves one another checkout's run is using", async () => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const names = { inUse: "meterkit_template_zz_in_use", unused: "meterkit_template_zz_unused", unmarked: "meterkit_template_zz_unmarked" };
  try {
    for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name}`);
    for (const name of Object.values(names)) await client.query(`CREATE DATABASE ${name}`);
    const usedAt = (ms: number) => client.escapeLiteral(`meterkit test template, last used ${new Date(Date.now() - ms).toISOString()}`);
    await client.query(`COMMENT ON DATABASE ${names.inUse} IS ${usedAt(60_000)}`);
    await client.query(`COMMENT ON DATABASE ${names.unused} IS ${usedAt(7 * 60 * 60_000)}`);

    const current = await ensureTemplate(adminUrl);

    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'meterkit\\_template\\_%'");
    const left = rows.map((r) => r.datname);
    expect(left).toContain(current);
    expect(left).toContain(names.inUse);
    expect(left).not.toContain(names.unused);
    expect(left).not.toContain(names.unmarked);
  } finally {
    for (const name of Object.values(names)) await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.end();
  }
});
