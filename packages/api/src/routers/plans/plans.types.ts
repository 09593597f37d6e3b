import { z } from "zod";

export const planRateOutput = z.object({
  model: z.string(),
  version: z.number(),
  inputMicrosPerMtok: z.number(),
  cachedInputMicrosPerMtok: z.number(),
  outputMicrosPerMtok: z.number(),
});

export const publicPlanOutput = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  currency: z.string(),
  baseFeeMicros: z.number(),
  hardCapMicros: z.number().nullable(),
  tokensPerMinute: z.number(),
  requestsPerMinute: z.number(),
  contextPolicy: z.enum(["reject", "truncate"]),
  rates: z.array(planRateOutput),
});
export type PublicPlan = z.infer<typeof publicPlanOutput>;
