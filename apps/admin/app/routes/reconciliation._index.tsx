import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { StatusBadge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { EmptyState } from "~/components/ui/empty-state";
import { Field } from "~/components/ui/field";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles } from "~/components/ui/styles";
import { Table, Tbody, Td, Th } from "~/components/ui/table";
import { text } from "~/lib/form-data";
import { formatCount, formatDate, formatDateTime } from "~/lib/format";
import { defaultPeriodDates, periodFromDates, readRunSummary } from "~/lib/period";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { readForm } from "@meterkit/app-server";
import { invalid, loadOrThrow, runAction } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Reconciliation · Meterkit admin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const cursor = new URL(request.url).searchParams.get("cursor") || undefined;
  const runs = await loadOrThrow(api.reconciliation.findRuns({ cursor, limit: 25 }));
  return { runs, defaults: defaultPeriodDates() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const form = await readForm(request);
  const period = periodFromDates(text(form, "from"), text(form, "through"));
  if (!period.ok) return invalid("run", period.fieldErrors);
  const outcome = await runAction("run", () => api.reconciliation.run({ periodStart: period.periodStart, periodEnd: period.periodEnd }), "Reconciliation finished.");
  if (!("ok" in outcome) || !outcome.ok) return outcome;
  throw redirect(`/reconciliation/${outcome.result.runId}`);
}

export default function Reconciliation() {
  const { runs, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const running = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <div className="space-y-6">
      <PageHeader
        title="Reconciliation"
        description="Compares, per customer and meter, the tokens in the usage ledger with what Stripe's meters hold for the same period. Tokens still in the outbox count as in flight, not as drift."
      />
      <ActionNotice result={result} />
      <Card title="Run a reconciliation">
        <Form method="post" className="flex flex-wrap items-end gap-4" noValidate>
          <Field name="from" type="date" label="First day (UTC)" defaultValue={defaults.from} error={errors.from?.[0]} />
          <Field name="through" type="date" label="Last day (UTC), inclusive" defaultValue={defaults.through} error={errors.through?.[0]} />
          <button type="submit" className={buttonStyles.primary} disabled={running}>
            {running ? "Comparing with Stripe…" : "Run reconciliation"}
          </button>
        </Form>
      </Card>
      <Card title="Runs">
        {runs.items.length === 0 ? (
          <EmptyState title="No runs yet">Run a reconciliation to compare the ledger with Stripe, for example for last month when its invoices are due. Each run is kept with its lines and repairs.</EmptyState>
        ) : (
          <Table caption="Reconciliation runs, newest first">
            <thead>
              <tr>
                <Th>Run</Th>
                <Th>Period</Th>
                <Th>By</Th>
                <Th numeric>Pairs</Th>
                <Th numeric>Mismatches</Th>
                <Th>Status</Th>
              </tr>
            </thead>
            <Tbody>
              {runs.items.map((r) => {
                const s = readRunSummary(r.summary);
                return (
                  <tr key={r.id}>
                    <Td>
                      <Link to={`/reconciliation/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                        {formatDateTime(r.createdAt)}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      {formatDate(r.periodStart)} – {formatDateTime(r.periodEnd)}
                    </Td>
                    <Td className="text-xs text-slate-600">{/^[0-9a-f-]{36}$/.test(r.triggeredBy) ? "admin" : r.triggeredBy}</Td>
                    <Td numeric>{s.pairs === null ? "—" : formatCount(s.pairs)}</Td>
                    <Td numeric>{s.mismatched === null ? "—" : s.mismatched === 0 ? <StatusBadge status="ok" label="none" /> : <StatusBadge status="mismatch" label={String(s.mismatched)} />}</Td>
                    <Td>
                      <StatusBadge status={s.status === "finished" ? "completed" : s.status === "running" ? "pending" : s.status} label={s.status} />
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </Table>
        )}
      </Card>
      {runs.nextCursor ? (
        <div className="flex justify-end">
          <Link to={`/reconciliation?cursor=${encodeURIComponent(runs.nextCursor)}`} className={buttonStyles.secondary}>
            Older runs
          </Link>
        </div>
      ) : null}
    </div>
  );
}
