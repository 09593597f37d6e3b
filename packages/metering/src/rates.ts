import { z } from "zod";
import { InvalidRateError } from "./errors";
import type { Rate } from "./catalog/types";

// Upper bound keeps every product tokens × rate far inside exact integer range: $1M per 1M tokens.
const MAX_MICROS_PER_MTOK = 1_000_000_000_000;

const micros = z.number().int().min(0).max(MAX_MICROS_PER_MTOK);

/** A plan's rate for one model, as admins enter it; reuse it in forms and tRPC inputs. */
export const rateSchema = z
  .object({
    version: z.number().int().min(0),
    inputMicrosPerMTok: micros,
    cachedInputMicrosPerMTok: micros,
    outputMicrosPerMTok: micros,
  })
  .refine((r) => r.cachedInputMicrosPerMTok <= r.inputMicrosPerMTok, {
    message: "The cached input rate cannot be higher than the input rate.",
    path: ["cachedInputMicrosPerMTok"],
  });

/** Throws InvalidRateError naming the field when a rate could not be costed safely. */
export function assertValidRate(rate: Rate): void {
  const result = rateSchema.safeParse(rate);
  if (result.success) return;
  const issue = result.error.issues[0];
  const field = issue?.path.join(".") || "rate";
  throw new InvalidRateError(`Invalid rate '${field}': ${issue?.message ?? "invalid value"}`, field);
}
