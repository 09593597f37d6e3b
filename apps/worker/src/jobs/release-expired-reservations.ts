import { releaseExpiredReservations } from "@meterkit/gateway";
import type { Job } from "../job";

/**
 * A reservation whose request died without settling stops counting against the cap once it
 * expires; this marks it released so the table shows the truth and stays small to scan.
 */
export const releaseExpiredReservationsJob: Job = {
  name: "release-expired-reservations",
  intervalMs: 30_000,
  async run({ db, log }) {
    const released = await releaseExpiredReservations(db);
    if (released) log.info(`released ${released} expired spend reservations`);
  },
};
