import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProcessAlive } from "./file-lock.js";
import { childPids } from "./postmaster.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./start.js";

// Its own port and a throwaway data directory: independent of the dev and test clusters.
const PORT = 54331;
let root: string;
let dataDir: string;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), "meterkit-embedded-"));
  await fs.chmod(root, 0o755);
  dataDir = path.join(root, "postgres");
});

afterAll(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

describe("startEmbeddedPostgres", () => {
  let server: EmbeddedPostgres;

  it("initialises a cluster and serves real multi-connection Postgres", async () => {
    server = await startEmbeddedPostgres({ dataDir, port: PORT, stopOnExit: true });
    expect(server.adopted).toBe(false);
    const [a, b] = await Promise.all([connect(server.url), connect(server.url)]);
    try {
      await a.query("create table jobs (id int primary key)");
      await a.query("insert into jobs values (1), (2)");
      await a.query("begin");
      const claimedByA = await a.query("select id from jobs order by id limit 1 for update skip locked");
      await b.query("begin");
      const claimedByB = await b.query("select id from jobs order by id limit 1 for update skip locked");
      expect(claimedByA.rows).toEqual([{ id: 1 }]);
      expect(claimedByB.rows).toEqual([{ id: 2 }]);
      await a.query("commit");
      await b.query("commit");
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });

  it("adopts the server already running on the data directory", async () => {
    const again = await startEmbeddedPostgres({ dataDir, port: PORT, stopOnExit: false });
    expect(again.adopted).toBe(true);
    expect(again.pid).toBe(server.pid);
  });

  it("stops cleanly and leaves no postgres process behind", async () => {
    const held = await connect(server.url);
    held.on("error", () => {});
    const backends = await childPids(server.pid);
    expect(backends.length).toBeGreaterThan(0);
    await server.stop();
    expect(isProcessAlive(server.pid)).toBe(false);
    expect(backends.filter(isProcessAlive)).toEqual([]);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(false);
    await held.end().catch(() => {});
  });

  it("restarts on the existing data directory, past a stale postmaster.pid", async () => {
    // A pid file left by a crash whose pid no longer exists.
    await fs.writeFile(path.join(dataDir, "postmaster.pid"), `999999999\n${dataDir}\n0\n${PORT}\n`);
    const restarted = await startEmbeddedPostgres({ dataDir, port: PORT });
    try {
      expect(restarted.adopted).toBe(false);
      const client = await connect(restarted.url);
      const { rows } = await client.query("select count(*)::int as n from jobs");
      await client.end();
      expect(rows).toEqual([{ n: 2 }]);
    } finally {
      await restarted.stop();
    }
    expect(isProcessAlive(restarted.pid)).toBe(false);
  });
});
