import { deleteExpiredRows } from "@meterkit/db";
import type { Job } from "../job";

/** Expired sessions and reset tokens, and rate-limit buckets no window reads any more (see deleteExpiredRows). */
export const deleteExpiredRowsJob: Job = {
  name: "delete-expired-rows",
  intervalMs: 10 * 60_000,
  async run({ db, log }, signal) {
    const counts = await deleteExpiredRows(db, { signal });
    const deleted = Object.entries(counts).filter(([, n]) => n > 0);
    if (deleted.length > 0) log.info(`deleted expired rows: ${deleted.map(([table, n]) => `${table} ${n}`).join(", ")}`);
  },
};
