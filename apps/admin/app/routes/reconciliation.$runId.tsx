import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ReconciliationLines } from "~/components/reconciliation/lines-table";
import { Card, StatCard } from "~/components/ui/card";
import { ConfirmAction } from "~/components/ui/confirm-action";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles } from "~/components/ui/styles";
import { text } from "~/lib/form-data";
import { formatCount, formatDateTime } from "~/lib/format";
import { readRunSummary } from "~/lib/period";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { readForm } from "@meterkit/app-server";
import { invalid, loadOrThrow, runAction } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Reconciliation run · Meterkit admin" }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const onlyMismatched = new URL(request.url).searchParams.get("show") === "mismatched";
  const [view, all] = await Promise.all([
    loadOrThrow(api.reconciliation.findLines({ runId: params.runId ?? "", onlyMismatched })),
    loadOrThrow(api.reconciliation.findLines({ runId: params.runId ?? "", onlyMismatched: true })),
  ]);
  return { ...view, onlyMismatched, openMismatches: all.lines.filter((l) => l.repairStatus === null || l.repairStatus === "failed").length };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const form = await readForm(request);
  const intent = text(form, "intent");
  if (intent === "repair") {
    return runAction("repair", () => api.reconciliation.repair({ lineId: text(form, "lineId") }), (r) => `Repair: ${r.result.action.replace(/_/g, " ")}, ${r.result.status}. ${r.result.detail}`);
  }
  if (intent === "repairAll") {
    return runAction("repairAll", () => api.reconciliation.repairAll({ runId: params.runId ?? "" }), (r) => {
      if (r.attempted === 0) return "Nothing to repair: every mismatch is already repaired or explained by reports in flight.";
      const failed = r.outcomes.filter((o) => o.status === "failed").length;
      return `Repaired ${r.attempted - failed} of ${r.attempted} lines${failed ? `; ${failed} failed (see each line)` : ""}. Run a new reconciliation to confirm.`;
    });
  }
  return invalid(intent || "unknown", {}, "Unknown action.");
}

export default function ReconciliationRun() {
  const { run, lines, onlyMismatched, openMismatches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const rerunning = navigation.state === "submitting" && navigation.formAction === "/reconciliation";
  const s = readRunSummary(run.summary);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Run of ${formatDateTime(run.createdAt)}`}
        description={
          <>
            <Link to="/reconciliation" className="text-indigo-700 hover:underline">
              Reconciliation
            </Link>{" "}
            / period {formatDateTime(run.periodStart)} – {formatDateTime(run.periodEnd)}
          </>
        }
        actions={
          <>
            <a href={`/reconciliation/${run.id}/csv`} download className={buttonStyles.secondary}>
              Download CSV
            </a>
            <Form method="post" action="/reconciliation">
              <input type="hidden" name="from" value={run.periodStart?.slice(0, 10) ?? ""} />
              <input type="hidden" name="through" value={lastDay(run.periodEnd)} />
              <button type="submit" className={buttonStyles.secondary} disabled={rerunning}>
                {rerunning ? "Running…" : "Run again"}
              </button>
            </Form>
            {openMismatches > 0 ? (
              <ConfirmAction
                intent="repairAll"
                triggerLabel={`Repair all (${openMismatches})`}
                triggerTone="primary"
                title="Repair every mismatch?"
                description="Each line is measured again first. Where Stripe holds fewer tokens than the ledger, the missing tokens are sent as a new meter report (delivered exactly once by the outbox); where it holds more, the extra events are cancelled. Each result is recorded on its line and in the audit log."
                confirmLabel="Repair all"
              />
            ) : null}
          </>
        }
      />
      <ActionNotice result={result} />
      <dl className="grid gap-4 sm:grid-cols-4">
        <StatCard label="Customer × meter pairs" value={s.pairs === null ? "—" : formatCount(s.pairs)} />
        <StatCard label="Mismatches" value={s.mismatched === null ? "—" : formatCount(s.mismatched)} tone={s.mismatched ? "bad" : "default"} />
        <StatCard label="Ledger tokens" value={s.ledgerTotal === null ? "—" : formatCount(s.ledgerTotal)} />
        <StatCard label="Stripe tokens" value={s.stripeTotal === null ? "—" : formatCount(s.stripeTotal)} />
      </dl>
      <Card
        title="Ledger vs Stripe"
        actions={
          <nav aria-label="Filter lines" className="flex gap-1 text-sm">
            <Link to="?" aria-current={!onlyMismatched ? "page" : undefined} className={`rounded-md px-2 py-1 ${!onlyMismatched ? "bg-slate-100 font-medium" : "text-slate-600 hover:bg-slate-50"}`}>
              All lines
            </Link>
            <Link to="?show=mismatched" aria-current={onlyMismatched ? "page" : undefined} className={`rounded-md px-2 py-1 ${onlyMismatched ? "bg-slate-100 font-medium" : "text-slate-600 hover:bg-slate-50"}`}>
              Mismatches only
            </Link>
          </nav>
        }
      >
        <ReconciliationLines lines={lines} onlyMismatched={onlyMismatched} />
      </Card>
    </div>
  );
}

/** The inclusive last day of a half-open period ending at a midnight. */
function lastDay(periodEnd: string | null): string {
  if (!periodEnd) return "";
  return new Date(new Date(periodEnd).getTime() - 1).toISOString().slice(0, 10);
}
