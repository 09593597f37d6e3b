import { protectedProcedure } from "../../trpc";
import { loadSubscription } from "./load-subscription";

export const getSubscription = protectedProcedure.query(({ ctx }) => loadSubscription(ctx.db, ctx.customerId));
