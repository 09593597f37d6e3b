import { router } from "../../trpc";
import { exportCsv } from "./export-csv";
import { findDaily } from "./find-daily";
import { findEvents } from "./find-events";
import { getSummary } from "./get-summary";

export const usageRouter = router({ getSummary, findDaily, findEvents, exportCsv });
