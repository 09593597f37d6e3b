import path from "node:path";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseEnv } from "@meterkit/config";
import { z } from "zod";

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL");

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  TEST_DATABASE_URL: postgresUrl.optional(),
  METERKIT_DATA_DIR: z.string().optional(),
});

export type DbEnv = z.infer<typeof schema>;

let cached: DbEnv | undefined;

/** This package's fragment of the environment, validated once. */
export function dbEnv(): DbEnv {
  cached ??= parseEnv("@meterkit/db", schema);
  return cached;
}

/** The repository root: the nearest ancestor holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("could not find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

/** METERKIT_DATA_DIR (relative paths are relative to the repository root); default `<repo>/.data`. */
export function dataDir(env: DbEnv = dbEnv()): string {
  return path.resolve(repoRoot(), env.METERKIT_DATA_DIR ?? ".data");
}
