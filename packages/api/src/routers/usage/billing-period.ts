import type { Db } from "../../context";

export interface Period {
  start: Date;
  end: Date;
}

/**
 * The customer's current billing period as Stripe reported it; before a subscription exists,
 * the calendar month (UTC). "previous" is the monthly period just before (previousPeriod).
 */
export async function billingPeriod(db: Db, customerId: string, which: "current" | "previous", now = new Date()) {
  const row = await db
    .selectFrom("customers")
    .select(["current_period_start", "current_period_end", "monthly_budget_micros"])
    .where("id", "=", customerId)
    .executeTakeFirst();
  let current: Period;
  if (row?.current_period_start && row.current_period_end) {
    current = { start: new Date(row.current_period_start), end: new Date(row.current_period_end) };
  } else {
    current = {
      start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)),
      end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
    };
  }
  const period =
    which === "current" ? current : previousPeriod(current, !(row?.current_period_start && row.current_period_end));
  return { period, monthlyBudgetMicros: row?.monthly_budget_micros ?? null };
}

/**
 * The monthly period before `current`: it starts one calendar month earlier, at the same time of
 * day, on the same day of the month where that month has it, or its last day (as Stripe moves an
 * anchor on the 31st). Not "as long as the current one": before a 31-day March that reached back
 * to January 29th and counted January's usage in February's period.
 */
export function previousPeriod(current: Period, calendar: boolean): Period {
  const s = current.start;
  if (calendar) return { start: new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1, 1)), end: s };
  const daysInPreviousMonth = new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth(), 0)).getUTCDate();
  // The anchor day: the end's when the start was clamped (anchor 31: Feb 28 → Mar 31 began on the
  // 28th, and the period before it began on Jan 31, not Jan 28).
  const anchorDay = Math.max(s.getUTCDate(), current.end.getUTCDate());
  const start = new Date(s);
  start.setUTCDate(1);
  start.setUTCMonth(s.getUTCMonth() - 1);
  start.setUTCDate(Math.min(anchorDay, daysInPreviousMonth));
  return { start, end: s };
}
