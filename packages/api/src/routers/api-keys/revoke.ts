import { AppError } from "../../errors";
import { protectedProcedure } from "../../trpc";
import { revokeApiKeyInput, type ApiKeyView } from "./api-keys.types";
import { toApiKeyView } from "./to-view";

/**
 * Revoking keeps the row (usage events point at it) and stops the key at once. A key of
 * another customer is "not found", the same answer as a made-up id.
 */
export const revoke = protectedProcedure.input(revokeApiKeyInput).mutation(async ({ ctx, input }): Promise<ApiKeyView> => {
  const row = await ctx.db
    .updateTable("api_keys")
    .set((eb) => ({ revoked_at: eb.fn.coalesce("revoked_at", eb.val(new Date())) }))
    .where("id", "=", input.id)
    .where("customer_id", "=", ctx.customerId)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "API key not found.");
  return toApiKeyView(row);
});
