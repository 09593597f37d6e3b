import { dailyUsage } from "@meterkit/billing";
import { protectedProcedure } from "../../trpc";
import { findDailyInput } from "./usage.types";

/** The session customer's ledger per UTC day and model over the last `days` days. */
export const findDaily = protectedProcedure.input(findDailyInput).query(({ ctx, input }) => dailyUsage(ctx.db, ctx.customerId, input.days));
