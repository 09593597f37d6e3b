import type { TestProject } from "vitest/node";
import { dataDir, dbEnv } from "../env.js";
import { ensureTemplate } from "./template.js";
import { leaseEmbeddedTestServer } from "./test-server.js";
import "./provided-context.js";

/**
 * vitest globalSetup: picks the Postgres server for this run (TEST_DATABASE_URL, or the
 * embedded test cluster), makes sure the migrated template exists, and hands both to the test
 * workers, which create one database per test file from it (see test-db.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const env = dbEnv();
  const lease = env.TEST_DATABASE_URL
    ? { adminUrl: env.TEST_DATABASE_URL, release: async () => {} }
    : await leaseEmbeddedTestServer(dataDir(env));
  try {
    const template = await ensureTemplate(lease.adminUrl);
    project.provide("meterkitTestDatabase", { adminUrl: lease.adminUrl, template });
  } catch (error) {
    await lease.release();
    throw error;
  }
  return () => lease.release();
}
