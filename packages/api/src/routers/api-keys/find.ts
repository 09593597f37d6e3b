import { protectedProcedure } from "../../trpc";
import type { ApiKeyView } from "./api-keys.types";
import { toApiKeyView } from "./to-view";

/** The customer's keys, active first, newest first; revoked keys stay listed for the record. */
export const find = protectedProcedure.query(async ({ ctx }): Promise<ApiKeyView[]> => {
  const rows = await ctx.db
    .selectFrom("api_keys")
    .selectAll()
    .where("customer_id", "=", ctx.customerId)
    .orderBy((eb) => eb("revoked_at", "is", null), "desc")
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toApiKeyView);
});
