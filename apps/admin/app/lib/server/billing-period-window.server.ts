import { previousPeriod } from "@meterkit/api";

/**
 * A customer's billing period as a reconciliation window: the current one, or the one before it
 * (the period whose invoice an admin checks at month close), by the same anchor rule the
 * customer's usage page uses (`previousPeriod`). Null before the customer has subscribed.
 */
export function billingPeriodWindow(
  customer: { currentPeriodStart: string | null; currentPeriodEnd: string | null },
  which: "current" | "previous",
): { periodStart: string; periodEnd: string } | null {
  if (!customer.currentPeriodStart || !customer.currentPeriodEnd) return null;
  const current = { start: new Date(customer.currentPeriodStart), end: new Date(customer.currentPeriodEnd) };
  const period = which === "current" ? current : previousPeriod(current, false);
  return { periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() };
}
