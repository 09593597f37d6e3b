import { z } from "zod";
import { idSchema, reasonSchema } from "../../../lib/ids";

export const findReportsInput = z
  .object({
    status: z.enum(["pending", "failed", "dead", "sent", "discarded"]).optional(),
    customerId: idSchema.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

export const retryReportInput = z.object({ id: idSchema });
export const discardReportInput = z.object({ id: idSchema, reason: reasonSchema });
