import { dailyUsage } from "@meterkit/billing";
import { z } from "zod";
import { idSchema } from "../../../lib/ids";
import { adminProcedure } from "../../../trpc";

export const findDailyInput = z.object({
  customerId: idSchema,
  days: z.number().int().min(1, { error: "At least 1 day." }).max(90, { error: "At most 90 days." }).default(30),
});

/** One customer's ledger per UTC day and model over the last `days` days, for the admin usage chart. */
export const findDaily = adminProcedure.input(findDailyInput).query(({ ctx, input }) => dailyUsage(ctx.db, input.customerId, input.days));
