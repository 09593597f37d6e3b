import { Alert, Button, Card, Field, Meter } from "@meterkit/ui";
import { Form, useNavigation } from "@remix-run/react";
import { formatDate, formatPercent } from "~/lib/format";
import { formatMicros } from "~/lib/money";

export interface SpendView {
  spentMicros: number;
  budgetMicros: number | null;
  capMicros: number | null;
  alerts: { thresholdPct: number; at: string }[];
}

function SpendBar({ label, spent, limit }: { label: string; spent: number; limit: number }) {
  const ratio = limit > 0 ? spent / limit : 1;
  return (
    <div className="space-y-1">
      <div className="flex justify-between text-sm">
        <span className="text-slate-600">{label}</span>
        <span className="tabular-nums text-slate-900">
          {formatMicros(spent)} of {formatMicros(limit)} <span className="text-slate-500">({formatPercent(ratio)})</span>
        </span>
      </div>
      <Meter label={`${label}: share used`} ratio={ratio} tone={ratio >= 1 ? "danger" : ratio >= 0.8 ? "warning" : "brand"} />
    </div>
  );
}

/**
 * Spend against the monthly budget (set here) and the plan's hard cap, with the 80% alert. The
 * gateway enforces the lower of the two, counting requests still in flight.
 */
export function BudgetCard({ spend, errors, saved }: { spend: SpendView; errors?: string[] | undefined; saved: boolean }) {
  const busy = useNavigation().formData?.get("intent") === "budget";
  return (
    <Card title="Budget" description="Requests are refused once this period's spend would pass your budget (or the plan's hard cap, whichever is lower). A warning is recorded at 80%.">
      <div className="space-y-4">
        {spend.alerts.map((a) => (
          <Alert key={a.thresholdPct} tone="warning" title={`You passed ${a.thresholdPct}% of your limit`}>
            Recorded {formatDate(a.at)}. Raise the budget or keep an eye on your usage.
          </Alert>
        ))}
        {spend.budgetMicros !== null ? <SpendBar label="Monthly budget" spent={spend.spentMicros} limit={spend.budgetMicros} /> : null}
        {spend.capMicros !== null ? <SpendBar label="Plan hard cap" spent={spend.spentMicros} limit={spend.capMicros} /> : null}
        <Form method="post" className="flex flex-wrap items-end gap-3" noValidate>
          <input type="hidden" name="intent" value="budget" />
          <Field
            name="budget"
            label="Monthly budget (USD)"
            inputMode="decimal"
            placeholder="e.g. 50"
            defaultValue={spend.budgetMicros === null ? "" : formatMicros(spend.budgetMicros).replace("$", "")}
            errors={errors}
            hint="Leave empty for no budget."
            className="w-56"
          />
          <Button type="submit" variant="secondary" busy={busy} className="mb-5">
            Save budget
          </Button>
          {saved ? <p role="status" className="mb-7 text-sm text-emerald-700">Saved.</p> : null}
        </Form>
      </div>
    </Card>
  );
}
