import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { OutboxTable } from "~/components/outbox/outbox-table";
import { Card, StatCard } from "~/components/ui/card";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { text } from "~/lib/form-data";
import { formatAge } from "~/lib/format";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { readForm } from "@meterkit/app-server";
import { invalid, loadOrThrow, runAction } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Outbox health · Meterkit admin" }];

const tabs = [
  { key: "", label: "Needs attention" },
  { key: "pending", label: "Pending" },
  { key: "failed", label: "Failed" },
  { key: "dead", label: "Dead-lettered" },
  { key: "sent", label: "Sent" },
  { key: "discarded", label: "Discarded" },
] as const;
type Status = "pending" | "failed" | "dead" | "sent" | "discarded";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const raw = new URL(request.url).searchParams.get("status") ?? "";
  const status = tabs.some((t) => t.key === raw && raw !== "") ? (raw as Status) : undefined;
  const [reports, overview] = await Promise.all([loadOrThrow(api.outbox.find({ status, limit: 200 })), api.overview.get()]);
  // Sent reports are listed oldest first by the API; the newest are the interesting ones there.
  return { reports, health: overview.outbox, status: status ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const form = await readForm(request);
  const intent = text(form, "intent");
  const id = text(form, "reportId");
  if (intent === "retry") return runAction(intent, () => api.outbox.retry({ id }), "Queued for sending now. A report Stripe already accepted counts once: its identifier is unchanged.");
  if (intent === "discard") return runAction(intent, () => api.outbox.discard({ id, reason: text(form, "reason") }), "Report discarded. Its tokens stay in the ledger; the next reconciliation shows the gap.");
  return invalid(intent || "unknown", {}, "Unknown action.");
}

export default function Outbox() {
  const { reports, health, status } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Outbox health"
        description="Meter reports waiting to reach Stripe. Each has a fixed identifier, so a retry can never count usage twice; a dead-lettered report has used up its attempts and waits for you."
      />
      {result && (result.ok || result.intent !== "discard") ? <ActionNotice result={result} /> : null}
      <dl className="grid gap-4 sm:grid-cols-4">
        <StatCard label="Pending" value={health.pending} />
        <StatCard label="Failed, retrying" value={health.failed} tone={health.failed ? "warn" : "default"} />
        <StatCard label="Dead-lettered" value={health.dead} tone={health.dead ? "bad" : "default"} />
        <StatCard label="Oldest unsent" value={health.lagSeconds === 0 ? "none" : formatAge(health.lagSeconds)} />
      </dl>
      <Card
        actions={
          <nav aria-label="Report status" className="flex flex-wrap gap-1 text-sm">
            {tabs.map((t) => {
              const next = new URLSearchParams(params);
              if (t.key) next.set("status", t.key);
              else next.delete("status");
              const current = status === t.key;
              return (
                <Link key={t.key} to={`?${next}`} aria-current={current ? "page" : undefined} className={`rounded-md px-2 py-1 ${current ? "bg-slate-100 font-medium" : "text-slate-600 hover:bg-slate-50"}`}>
                  {t.label}
                </Link>
              );
            })}
          </nav>
        }
        title="Reports"
      >
        <OutboxTable reports={reports} status={status} />
      </Card>
    </div>
  );
}
