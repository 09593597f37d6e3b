import { recordDueSpendAlerts } from "@meterkit/gateway";
import type { Job } from "../job";

/**
 * The 80% soft alert of customers who crossed it between two requests' own checks (overlapping
 * requests can each see less than the total): recorded within a minute, shown in the app.
 */
export const recordSpendAlertsJob: Job = {
  name: "record-spend-alerts",
  intervalMs: 60_000,
  async run({ db, log }) {
    // Everyone active since the previous pass, with a margin for a slow one.
    const recorded = await recordDueSpendAlerts(db, { activeWithinMs: 3 * 60_000 });
    if (recorded) log.info(`recorded ${recorded} spend alerts`);
  },
};
