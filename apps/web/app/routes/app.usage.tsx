import { Alert, buttonClass, Card, EmptyState, Stat } from "@meterkit/ui";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { PageBody, PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { UsageChart } from "~/components/usage-chart";
import { BudgetCard } from "~/components/usage/budget-card";
import { ClassTable } from "~/components/usage/class-table";
import { InvoicePreviewTable } from "~/components/usage/invoice-preview";
import { RecentEvents } from "~/components/usage/recent-events";
import { dailyPoints } from "~/lib/daily-usage";
import { formatCount, formatDate } from "~/lib/format";
import { formatMicros, parseMoneyToMicros } from "~/lib/money";
import { requireSameOrigin, requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { db } from "~/lib/server/db.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { invoicePreview } from "~/lib/server/invoice-preview.server";
import { readForm } from "@meterkit/app-server";
import { getStripe } from "~/lib/server/stripe.server";

export const meta: MetaFunction = () => [{ title: "Usage · Meterkit" }];

/** Stripe's preview, or why there is none; a Stripe outage must not take the ledger view down with it. */
async function loadInvoice(customerId: string) {
  const stripe = getStripe();
  if (!stripe) return { invoice: null, invoiceError: "Billing is not configured on this server." };
  try {
    return { invoice: await invoicePreview(db, stripe, customerId), invoiceError: null };
  } catch (error) {
    console.error("[usage] invoice preview failed:", error);
    return { invoice: null, invoiceError: "Stripe did not answer; the invoice preview is unavailable right now." };
  }
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const caller = callerFor(user, request, context.ip);
  const [summary, daily, events, subscription, invoice] = await Promise.all([
    caller.usage.getSummary({ period: "current" }),
    caller.usage.findDaily({ days: 30 }),
    caller.usage.findEvents({ limit: 20 }),
    caller.account.getSubscription(),
    loadInvoice(user.customerId),
  ]);
  const alerts = await db
    .selectFrom("spend_alerts")
    .select(["threshold_pct", "created_at"])
    .where("customer_id", "=", user.customerId)
    .where("period_start", "=", new Date(summary.periodStart))
    .orderBy("threshold_pct")
    .execute();
  const tokens = summary.models.reduce(
    (sum, m) => sum + m.classes.reduce((s, c) => s + c.tokens, 0),
    0,
  );
  return {
    summary,
    tokens,
    days: dailyPoints(daily.days, new Date(daily.since), new Date()),
    events: events.items,
    spend: {
      spentMicros: summary.totalMicros,
      budgetMicros: summary.monthlyBudgetMicros,
      capMicros: subscription.plan?.hardCapMicros ?? null,
      alerts: alerts.map((a) => ({ thresholdPct: a.threshold_pct, at: a.created_at.toISOString() })),
    },
    ...invoice,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const form = await readForm(request);
  const raw = String(form.get("budget") ?? "").trim();
  const micros = raw === "" ? null : parseMoneyToMicros(raw);
  if (raw !== "" && micros === null) {
    return data({ saved: false, fieldErrors: { budget: ["Enter an amount in dollars, like 50 or 12.50."] } }, { status: 400 });
  }
  try {
    await callerFor(user, request, context.ip).account.updateBudget({ monthlyBudgetMicros: micros });
    return { saved: true, fieldErrors: {} as Record<string, string[]> };
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ saved: false, fieldErrors: { budget: failure.fieldErrors.monthlyBudgetMicros ?? [failure.message] } }, { status });
  }
}

export default function Usage() {
  const { summary, tokens, days, events, spend, invoice, invoiceError } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <PageBody>
      <PageHeader
        title="Usage"
        description={`This billing period: ${formatDate(summary.periodStart)} – ${formatDate(summary.periodEnd)}. Usage is counted per request; the invoice below is what Stripe will charge.`}
        actions={
          <a href="/app/usage.csv" className={buttonClass("secondary")} download>
            Export CSV
          </a>
        }
      />
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat
          label="Usage so far"
          value={<span data-testid="cost-so-far">{formatMicros(summary.usageMicros)}</span>}
          // Credits sit on the Stripe balance and lower the next invoice (shown below), which may
          // not be this period's: subtracting them here could show a negative cost.
          detail={summary.creditMicros ? `${formatMicros(-summary.creditMicros)} of credits go toward your next invoice` : "usage this period, before the plan's base fee"}
        />
        <Stat label="Tokens" value={formatCount(tokens)} detail="input, cached input and output" />
        <Stat label="Requests" value={formatCount(summary.models.reduce((n, m) => n + m.events, 0))} detail={`${summary.models.length} model${summary.models.length === 1 ? "" : "s"}`} />
      </dl>
      <Card title="Daily usage" description="Last 30 days, in tokens (UTC days).">
        <UsageChart days={days} />
      </Card>
      <div className="grid gap-8 lg:grid-cols-2">
        <Card title="By model and token class">
          {summary.models.length ? <ClassTable models={summary.models} currency="usd" /> : <EmptyState title="No usage this period">Send a chat message or call the API to see it here.</EmptyState>}
        </Card>
        <BudgetCard spend={spend} errors={result?.fieldErrors.budget} saved={Boolean(result?.saved)} />
      </div>
      <Card title="Upcoming invoice" description="Stripe's preview of what it will charge at the end of this period.">
        {invoice ? (
          <InvoicePreviewTable invoice={invoice} />
        ) : invoiceError ? (
          <Alert tone="warning">{invoiceError}</Alert>
        ) : (
          <EmptyState title="No subscription yet">The invoice preview appears once you subscribe to a plan.</EmptyState>
        )}
      </Card>
      <Card title="Latest requests" description="One row per request, as billed; the CSV export has every field.">
        {events.length ? <RecentEvents events={events} /> : <EmptyState title="No requests yet" />}
      </Card>
    </PageBody>
  );
}

export function ErrorBoundary() {
  return <RouteError what="your usage" />;
}
