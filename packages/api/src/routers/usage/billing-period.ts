import type { Db } from "../../context";

export interface Period {
  start: Date;
  end: Date;
}

/**
 * The customer's current billing period as Stripe reported it; before a subscription exists,
 * the calendar month (UTC). "previous" is the period of equal length just before.
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

function previousPeriod(current: Period, calendar: boolean): Period {
  if (calendar) {
    const s = current.start;
    return { start: new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() - 1, 1)), end: s };
  }
  const length = current.end.getTime() - current.start.getTime();
  return { start: new Date(current.start.getTime() - length), end: current.start };
}
