import { router } from "../../trpc";
import { adminAccountRouter } from "./account";
import { adminAuditRouter } from "./audit";
import { adminCustomersRouter } from "./customers";
import { adminOutboxRouter } from "./outbox";
import { adminOverviewRouter } from "./overview";
import { adminPlansRouter } from "./plans";
import { adminReconciliationRouter } from "./reconciliation";

/** Every procedure here is an adminProcedure: an admin session, checked on each call. */
export const adminRouter = router({
  overview: adminOverviewRouter,
  plans: adminPlansRouter,
  customers: adminCustomersRouter,
  reconciliation: adminReconciliationRouter,
  outbox: adminOutboxRouter,
  audit: adminAuditRouter,
  account: adminAccountRouter,
});
