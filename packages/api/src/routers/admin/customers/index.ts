import { router } from "../../../trpc";
import { adjustUsage } from "./adjust-usage";
import { changePlan } from "./change-plan";
import { find } from "./find";
import { findDaily } from "./find-daily";
import { get } from "./get";
import { grantCredit } from "./grant-credit";
import { resume } from "./resume";
import { retryCredit } from "./retry-credit";
import { suspend } from "./suspend";

export const adminCustomersRouter = router({ find, findDaily, get, suspend, resume, grantCredit, retryCredit, adjustUsage, changePlan });
