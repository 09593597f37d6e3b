import { z } from "zod";

/** Row ids are UUIDs; anything else is a typo or a probe and gets a field error, not a 500. */
export const idSchema = z.uuid({ error: "Not a valid id." });

export const pageSchema = z.object({
  limit: z.number().int().min(1).max(100).default(25),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(200).nullish(),
});

/** A signed whole number of micros (1 USD = 1_000_000), bounded well inside 2^53. */
export const microsSchema = z
  .number({ error: "Enter a whole number of micro-units." })
  .int({ error: "Amounts are whole micro-units (1 USD = 1000000)." })
  .min(-1_000_000_000_000_000, { error: "Amount out of range." })
  .max(1_000_000_000_000_000, { error: "Amount out of range." });

/** Free-text reason an admin must give for a money-moving or destructive action. */
export const reasonSchema = z
  .string({ error: "Give a reason; it goes into the audit log." })
  .trim()
  .min(3, { error: "Give a reason of at least 3 characters; it goes into the audit log." })
  .max(500, { error: "The reason must be at most 500 characters." });
