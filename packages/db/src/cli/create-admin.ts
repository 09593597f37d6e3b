// `pnpm db:create-admin --email you@example.com`: creates an admin of the portal, or gives an
// existing one a new password. The password comes from ADMIN_PASSWORD, or is generated and
// printed once here (it is never written anywhere else).
import { parseArgs } from "node:util";
import { createDb } from "../client.js";
import { migrateToLatest } from "../migrate.js";
import { CreateAdminError, createOrResetAdmin, generatePassword } from "../seed/create-admin.js";
import { requireDatabaseUrl } from "./database-url.js";

const { values } = parseArgs({ options: { email: { type: "string" } }, allowPositionals: false });
if (!values.email) {
  console.error("Usage: pnpm db:create-admin --email you@example.com   (password from ADMIN_PASSWORD, or generated)");
  process.exit(2);
}
const given = process.env.ADMIN_PASSWORD;
const password = given || generatePassword();
const db = createDb(requireDatabaseUrl(), { max: 1, applicationName: "meterkit-create-admin" });
try {
  await migrateToLatest(db);
  const outcome = await createOrResetAdmin(db, { email: values.email, password });
  console.log(outcome.created ? `admin created: ${values.email}` : `admin ${values.email} has a new password; their sessions were ended`);
  if (!given) console.log(`password (shown once): ${password}`);
} catch (error) {
  console.error(error instanceof CreateAdminError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
