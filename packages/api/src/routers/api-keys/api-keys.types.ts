import { z } from "zod";
import { idSchema } from "../../lib/ids";

export const createApiKeyInput = z.object({
  name: z
    .string({ error: "Give the key a name." })
    .trim()
    .min(1, { error: "Give the key a name, e.g. the app that will use it." })
    .max(80, { error: "The name must be at most 80 characters." }),
});

export const revokeApiKeyInput = z.object({ id: idSchema });

export interface ApiKeyView {
  id: string;
  name: string;
  /** The visible start of the key, e.g. `mk_live_Ab3dE9`; the rest is never shown again. */
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
