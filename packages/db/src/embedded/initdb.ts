import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { EmbeddedPostgresError } from "./errors.js";
import type { RunAs } from "./run-as.js";

export interface InitOptions {
  initdb: string;
  dataDir: string;
  user: string;
  password: string;
  runAs: RunAs | undefined;
}

function run(command: string, args: string[], runAs: RunAs | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      stdio: ["ignore", "pipe", "pipe"],
      ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}),
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/**
 * Creates a new cluster in a sibling temp directory and renames it into place, so an
 * interrupted initdb never leaves a half-initialised data directory that looks usable.
 */
export async function initCluster(options: InitOptions): Promise<void> {
  const { dataDir, runAs } = options;
  const staging = `${dataDir}.initdb-tmp`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const pwfile = path.join(os.tmpdir(), `meterkit-pg-pw-${randomBytes(6).toString("hex")}`);
  await fs.writeFile(pwfile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await fs.mkdir(staging, { mode: 0o700 });
      await fs.chown(staging, runAs.uid, runAs.gid);
      await fs.chown(pwfile, runAs.uid, runAs.gid);
    }
    const { code, output } = await run(
      options.initdb,
      [
        `--pgdata=${staging}`,
        `--username=${options.user}`,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
      ],
      runAs,
    );
    if (code !== 0) {
      throw new EmbeddedPostgresError("INITDB_FAILED", `initdb failed (exit ${code}):\n${output.trim()}`);
    }
    await fs.rename(staging, dataDir);
  } finally {
    await fs.rm(pwfile, { force: true });
    await fs.rm(staging, { recursive: true, force: true });
  }
}
