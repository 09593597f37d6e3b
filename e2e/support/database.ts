import pg from "pg";

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty database on the server of `serverUrl` (TEST_DATABASE_URL), named for this run,
 * so the suite never touches data it did not create. The stack migrates and seeds it.
 */
export async function createFreshDatabase(serverUrl: string): Promise<FreshDatabase> {
  const name = `meterkit_e2e_${Date.now().toString(36)}_${process.pid}`;
  await withAdminClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE ends the apps' leftover connections (Postgres 13+).
    drop: () => withAdminClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
