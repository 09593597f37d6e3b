import { protectedProcedure } from "../../trpc";
import { createApiKeyInput, type ApiKeyView } from "./api-keys.types";
import { mintApiKey } from "./key-format";
import { toApiKeyView } from "./to-view";

/** Returns the full key exactly once; only its SHA-256 and a short prefix are stored. */
export const create = protectedProcedure
  .input(createApiKeyInput)
  .mutation(async ({ ctx, input }): Promise<{ key: string; apiKey: ApiKeyView }> => {
    const minted = mintApiKey();
    const row = await ctx.db
      .insertInto("api_keys")
      .values({ customer_id: ctx.customerId, name: input.name, prefix: minted.prefix, key_hash: minted.hash })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { key: minted.raw, apiKey: toApiKeyView(row) };
  });
