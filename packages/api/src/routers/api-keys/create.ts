import { TRPCError } from "@trpc/server";
import { sql } from "kysely";
import { protectedProcedure } from "../../trpc";
import { createApiKeyInput, type ApiKeyView } from "./api-keys.types";
import { mintApiKey } from "./key-format";
import { toApiKeyView } from "./to-view";

/**
 * Active keys a customer may hold at once. Rate limits are counted per key (decision 080), so
 * without a ceiling a customer could multiply their plan's limits by minting keys.
 */
export const MAX_ACTIVE_API_KEYS = 20;

/** Returns the full key exactly once; only its SHA-256 and a short prefix are stored. */
export const create = protectedProcedure
  .input(createApiKeyInput)
  .mutation(async ({ ctx, input }): Promise<{ key: string; apiKey: ApiKeyView }> => {
    const minted = mintApiKey();
    const row = await ctx.db.transaction().execute(async (trx) => {
      // Serializes this customer's key creations, so two at once cannot both pass the count.
      await sql`SELECT pg_advisory_xact_lock(hashtext('api-keys'), hashtext(${ctx.customerId}))`.execute(trx);
      const { active } = await trx
        .selectFrom("api_keys")
        .select((eb) => eb.fn.countAll<string>().as("active"))
        .where("customer_id", "=", ctx.customerId)
        .where("revoked_at", "is", null)
        .executeTakeFirstOrThrow();
      if (Number(active) >= MAX_ACTIVE_API_KEYS) {
        throw new TRPCError({
          code: "BAD_REQUEST",
          message: `You have ${MAX_ACTIVE_API_KEYS} active API keys, the most an account may hold. Revoke one you no longer use, then create the new one.`,
        });
      }
      return trx
        .insertInto("api_keys")
        .values({ customer_id: ctx.customerId, name: input.name, prefix: minted.prefix, key_hash: minted.hash })
        .returningAll()
        .executeTakeFirstOrThrow();
    });
    return { key: minted.raw, apiKey: toApiKeyView(row) };
  });
