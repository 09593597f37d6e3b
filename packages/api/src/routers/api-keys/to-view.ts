import type { ApiKey } from "@meterkit/db";
import { iso } from "../../lib/serialize";
import type { ApiKeyView } from "./api-keys.types";

export function toApiKeyView(row: ApiKey): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  };
}
