import path from "node:path";
import { ports } from "@meterkit/config";
import { dataDir } from "../env.js";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./start.js";

/**
 * The development database used when DATABASE_URL is unset: `<METERKIT_DATA_DIR>/postgres`
 * on port 54329, database `meterkit`.
 */
export function startDevPostgres(options: { log?: (line: string) => void } = {}): Promise<EmbeddedPostgres> {
  return startEmbeddedPostgres({
    dataDir: path.join(dataDir(), "postgres"),
    port: ports.embeddedPostgres,
    database: "meterkit",
    ...(options.log ? { log: options.log } : {}),
  });
}
