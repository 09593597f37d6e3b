import { execFileSync, spawnSync } from "node:child_process";
import os from "node:os";
import { EmbeddedPostgresError } from "./errors.js";

/** The system account the server runs as when Meterkit itself runs as root. */
export const POSTGRES_SYSTEM_USER = "meterkit-pg";

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

function lookup(name: string): RunAs | undefined {
  try {
    const uid = Number(execFileSync("id", ["-u", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", name], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid, name } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Postgres refuses to run as root. As root we run it as a dedicated system account (created on
 * first use, no home, no login shell), falling back to `nobody` where accounts cannot be
 * created. As any other user we run it as ourselves (undefined = no uid switch).
 */
export function resolveRunAs(log: (line: string) => void): RunAs | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const existing = lookup(POSTGRES_SYSTEM_USER);
  if (existing) return existing;
  const created = spawnSync(
    "useradd",
    ["--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--user-group", POSTGRES_SYSTEM_USER],
    { stdio: "ignore" },
  );
  const account = created.status === 0 ? lookup(POSTGRES_SYSTEM_USER) : undefined;
  if (account) {
    log(`created system user ${POSTGRES_SYSTEM_USER} to run Postgres (it refuses to run as root)`);
    return account;
  }
  const nobody = lookup("nobody");
  if (nobody) {
    log(`could not create ${POSTGRES_SYSTEM_USER}; running Postgres as nobody`);
    return nobody;
  }
  throw new EmbeddedPostgresError(
    "NO_UNPRIVILEGED_USER",
    `Postgres cannot run as root and no unprivileged user is available: create one with "useradd --system ${POSTGRES_SYSTEM_USER}" or run as a normal user.`,
  );
}

/** Gives the run-as user the data directory (recursively when it was made by someone else). */
export function handOver(dir: string, runAs: RunAs, currentOwner: number): void {
  if (currentOwner === runAs.uid) return;
  const result = spawnSync("chown", ["-R", `${runAs.uid}:${runAs.gid}`, dir], { stdio: "ignore" });
  if (result.status !== 0) throw new EmbeddedPostgresError("DATA_DIR_UNREACHABLE", `could not chown ${dir} to ${runAs.name}`);
}

/** Fails early with a clear message when a parent directory is closed to the run-as user. */
export function assertReachable(dir: string, runAs: RunAs): void {
  const probe = spawnSync("test", ["-w", dir, "-a", "-x", dir], { uid: runAs.uid, gid: runAs.gid, stdio: "ignore" });
  if (probe.status !== 0) {
    throw new EmbeddedPostgresError(
      "DATA_DIR_UNREACHABLE",
      `${dir} is not reachable by user ${runAs.name} (Postgres runs as that user because the process is root). ` +
        `Make its parent directories world-executable (chmod o+x) or set METERKIT_DATA_DIR to a reachable path.`,
    );
  }
}
