import { isKnownModel, listModels } from "@meterkit/metering";
import { z } from "zod";
import { idSchema } from "../../../lib/ids";
import { planCodeSchema } from "../../billing/billing.types";

const ratePerMtok = (what: string) =>
  z
    .number({ error: `Enter the ${what} rate in micro-units per 1M tokens.` })
    .int({ error: `The ${what} rate is a whole number of micro-units per 1M tokens.` })
    .min(0, { error: `The ${what} rate cannot be negative.` })
    .max(1_000_000_000_000, { error: `The ${what} rate is implausibly high.` });

export const rateInput = z.object({
  model: z
    .string({ error: "Name the model." })
    .trim()
    .min(1, { error: "Name the model." })
    .max(100)
    // Only catalog models: token counting and the context window come from the catalog.
    .refine(isKnownModel, { error: () => `Unknown model. Known models: ${listModels().map((m) => m.id).join(", ")}.` }),
  inputMicrosPerMtok: ratePerMtok("input"),
  cachedInputMicrosPerMtok: ratePerMtok("cached input"),
  outputMicrosPerMtok: ratePerMtok("output"),
});
export type RateInput = z.infer<typeof rateInput>;

// Stored as Postgres `integer`: a larger number would fail there, as a 500.
const POSTGRES_INT_MAX = 2_147_483_647;

const positiveInt = (what: string) =>
  z
    .number({ error: `Enter ${what}.` })
    .int({ error: `${what} is a whole number.` })
    .min(1, { error: `${what} must be at least 1.` })
    .max(POSTGRES_INT_MAX, { error: `${what} can be at most 2,147,483,647.` });

const planFields = {
  name: z.string({ error: "Name the plan." }).trim().min(1, { error: "Name the plan." }).max(120),
  description: z.string().trim().max(2000).default(""),
  baseFeeMicros: z.number().int().min(0, { error: "The base fee cannot be negative." }).max(1_000_000_000_000),
  hardCapMicros: z.number().int().min(1, { error: "A hard cap must be positive; leave it empty for none." }).nullable().default(null),
  tokensPerMinute: positiveInt("Tokens per minute"),
  requestsPerMinute: positiveInt("Requests per minute"),
  contextPolicy: z.enum(["reject", "truncate"]).default("reject"),
  billPromptAs: z.enum(["sent", "effective"]).default("sent"),
  flushPolicy: z.enum(["immediate", "batched"]).default("batched"),
  flushIntervalSeconds: z.number().int().min(60, { error: "Flush at most once a minute." }).max(86_400).default(3600),
  isPublic: z.boolean().default(false),
};

const uniqueModels = (rates: RateInput[]) => new Set(rates.map((r) => r.model)).size === rates.length;

export const createPlanInput = z.object({
  code: planCodeSchema,
  ...planFields,
  rates: z
    .array(rateInput)
    .min(1, { error: "A plan needs a rate for at least one model." })
    .max(50)
    .refine(uniqueModels, { error: "Each model may appear once." }),
});

export const updatePlanInput = z.object({
  id: idSchema,
  name: planFields.name.optional(),
  description: z.string().trim().max(2000).optional(),
  baseFeeMicros: planFields.baseFeeMicros.optional(),
  hardCapMicros: z.number().int().min(1).nullable().optional(),
  tokensPerMinute: positiveInt("Tokens per minute").optional(),
  requestsPerMinute: positiveInt("Requests per minute").optional(),
  contextPolicy: z.enum(["reject", "truncate"]).optional(),
  billPromptAs: z.enum(["sent", "effective"]).optional(),
  flushPolicy: z.enum(["immediate", "batched"]).optional(),
  flushIntervalSeconds: z.number().int().min(60).max(86_400).optional(),
  isPublic: z.boolean().optional(),
  /** The full set of rates after the change; models left out stop being offered. */
  rates: z
    .array(rateInput)
    .min(1, { error: "A plan needs a rate for at least one model." })
    .max(50)
    .refine(uniqueModels, { error: "Each model may appear once." })
    .optional(),
});

export const planIdInput = z.object({ id: idSchema });

export type StripeSyncOutcome =
  | { status: "synced"; changes: number }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string };
