import { createDb } from "../client.js";
import { migrateToLatest } from "../migrate.js";
import { seed } from "../seed/seed.js";
import { requireDatabaseUrl } from "./database-url.js";

const db = createDb(requireDatabaseUrl(), { max: 1, applicationName: "meterkit-seed" });
try {
  await migrateToLatest(db);
  const result = await seed(db);
  console.log(`seeded plans: ${Object.keys(result.planIds).join(", ")}`);
  console.log(`demo login (dev only):  ${result.credentials.demo.email} / ${result.credentials.demo.password}`);
  console.log(`admin login (dev only): ${result.credentials.admin.email} / ${result.credentials.admin.password}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
