import { createDb } from "../client.js";
import { migrateToLatest } from "../migrate.js";
import { requireDatabaseUrl } from "./database-url.js";

const db = createDb(requireDatabaseUrl(), { max: 1, applicationName: "meterkit-migrate" });
try {
  const results = await migrateToLatest(db);
  if (results.length === 0) console.log("database schema is up to date");
  for (const r of results) console.log(`applied ${r.migrationName}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
