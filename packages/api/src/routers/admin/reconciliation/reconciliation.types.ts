import { z } from "zod";
import { idSchema, pageSchema } from "../../../lib/ids";

const isoDate = z.iso.datetime({ offset: true, error: "Use an ISO date-time such as 2025-01-31T00:00:00Z." });

export const runInput = z
  .object({ periodStart: isoDate.optional(), periodEnd: isoDate.optional(), customerId: idSchema.optional() })
  .refine((v) => !v.periodStart || !v.periodEnd || new Date(v.periodStart) < new Date(v.periodEnd), {
    error: "The period must start before it ends.",
    path: ["periodEnd"],
  })
  .default({});

export const findRunsInput = pageSchema.default({ limit: 25 });
export const findLinesInput = z.object({ runId: idSchema, onlyMismatched: z.boolean().default(false) });
export const repairLineInput = z.object({ lineId: idSchema });
export const repairRunInput = z.object({ runId: idSchema });
