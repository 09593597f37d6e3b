import { z } from "zod";

const isoDate = z.iso.datetime({ offset: true, error: "Use an ISO date-time such as 2025-01-31T00:00:00Z." });

/** Default window: the current calendar month (UTC) up to now. */
export const getOverviewInput = z
  .object({ from: isoDate.optional(), to: isoDate.optional(), topCustomers: z.number().int().min(1).max(50).default(10) })
  .default({ topCustomers: 10 });
