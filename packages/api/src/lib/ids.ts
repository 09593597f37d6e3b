import { z } from "zod";

/** Row ids are UUIDs; anything else is a typo or a probe and gets a field error, not a 500. */
export const idSchema = z.uuid({ error: "Not a valid id." });

export const pageSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).nullish(),
});
