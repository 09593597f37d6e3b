import { EnvError } from "@meterkit/config";
import { dbEnv } from "../env.js";

/** DATABASE_URL is required for the CLIs; the start command sets it for the embedded server. */
export function requireDatabaseUrl(): string {
  const url = dbEnv().DATABASE_URL;
  if (!url) {
    throw new EnvError("@meterkit/db", [
      { variable: "DATABASE_URL", message: "required (e.g. postgres://user:pass@host:5432/meterkit); `pnpm start` sets it for the embedded database" },
    ]);
  }
  return url;
}
