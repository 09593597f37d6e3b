import { Link } from "@remix-run/react";
import { formatDate } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { StatCard } from "../ui/card";

interface Props {
  usage: { periodStart: string | null; periodEnd: string | null; totalMicros: number; usageMicros: number; creditMicros: number; models: { events: number }[] };
  hardCapMicros: number | null;
  budgetMicros: number | null;
  outbox: Record<string, number>;
  /** Usage events not in the outbox yet (a batched plan's next batch). */
  unreportedEvents: number;
}

/** Spend this period against the plan's hard cap (and the customer's own budget), plus reporting state. */
export function SpendCards({ usage, hardCapMicros, budgetMicros, outbox, unreportedEvents }: Props) {
  // The cap counts usage net of credits, as the gateway enforces it; never below nothing.
  const capShare = hardCapMicros ? Math.max(0, usage.totalMicros) / hardCapMicros : null;
  const unsent = (outbox.pending ?? 0) + (outbox.failed ?? 0);
  return (
    <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
      <StatCard
        label="Usage this period"
        value={<span data-testid="spend-this-period">{formatMicros(usage.usageMicros)}</span>}
        detail={`${formatDate(usage.periodStart)} – ${formatDate(usage.periodEnd)}${usage.creditMicros ? `; credits ${formatMicros(-usage.creditMicros)} (on the Stripe balance)` : ""}`}
      />
      <StatCard
        label="Hard cap"
        value={hardCapMicros === null ? "none" : formatMicros(hardCapMicros)}
        detail={
          capShare === null ? (
            "The plan has no hard cap."
          ) : (
            <div>
              <div className="mb-1 h-1.5 overflow-hidden rounded-full bg-slate-100" role="meter" aria-label="Share of the hard cap used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(Math.min(1, capShare) * 100)}>
                <div className={`h-full ${capShare >= 1 ? "bg-red-500" : capShare >= 0.8 ? "bg-amber-500" : "bg-indigo-500"}`} style={{ width: `${Math.min(100, capShare * 100)}%` }} />
              </div>
              {Math.round(capShare * 100)}% used
            </div>
          )
        }
        tone={capShare !== null && capShare >= 1 ? "bad" : capShare !== null && capShare >= 0.8 ? "warn" : "default"}
      />
      <StatCard label="Requests this period" value={usage.models.reduce((n, m) => n + m.events, 0)} detail={budgetMicros === null ? "No budget set by the customer." : `Customer's own budget: ${formatMicros(budgetMicros)}`} />
      <StatCard
        label="Meter reports"
        value={<span data-testid="meter-reports-state">{unsent === 0 && !outbox.dead ? (unreportedEvents ? "batch waiting" : "all sent") : `${unsent} unsent`}</span>}
        detail={
          <>
            <Link to="/outbox" className="hover:underline">
              {outbox.sent ?? 0} sent, {outbox.pending ?? 0} pending, {outbox.failed ?? 0} failed, {outbox.dead ?? 0} dead
            </Link>
            {unreportedEvents ? <div>{unreportedEvents} request{unreportedEvents === 1 ? "" : "s"} wait for the plan's next batch to Stripe</div> : null}
          </>
        }
        tone={outbox.dead ? "bad" : outbox.failed ? "warn" : "default"}
      />
    </dl>
  );
}
