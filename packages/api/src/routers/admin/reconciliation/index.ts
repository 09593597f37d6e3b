import { router } from "../../../trpc";
import { findLines } from "./find-lines";
import { findRuns } from "./find-runs";
import { repair } from "./repair";
import { repairAll } from "./repair-all";
import { run } from "./run";

export const adminReconciliationRouter = router({ run, findRuns, findLines, repair, repairAll });
