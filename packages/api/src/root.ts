import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import { accountRouter } from "./routers/account";
import { adminRouter } from "./routers/admin";
import { apiKeysRouter } from "./routers/api-keys";
import { billingRouter } from "./routers/billing";
import { conversationsRouter } from "./routers/conversations";
import { plansRouter } from "./routers/plans";
import { usageRouter } from "./routers/usage";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  plans: plansRouter,
  account: accountRouter,
  apiKeys: apiKeysRouter,
  conversations: conversationsRouter,
  usage: usageRouter,
  billing: billingRouter,
  admin: adminRouter,
});

export type AppRouter = typeof appRouter;
/** Input and output types per procedure, e.g. `RouterOutputs["usage"]["getSummary"]`. */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

/** Server-side calls (Remix loaders/actions, tests): `createCaller(createContext({...})).plans.find()`. */
export const createCaller = createCallerFactory(appRouter);
