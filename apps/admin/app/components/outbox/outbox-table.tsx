import { Form, Link, useNavigation } from "@remix-run/react";
import { formatAge, formatCount, formatDateTime } from "~/lib/format";
import { Badge, StatusBadge } from "../ui/badge";
import { ConfirmAction } from "../ui/confirm-action";
import { EmptyState } from "../ui/empty-state";
import { buttonStyles } from "../ui/styles";
import { Table, Tbody, Td, Th } from "../ui/table";

interface Report {
  id: string;
  identifier: string;
  customerId: string;
  customerEmail: string;
  eventName: string;
  value: number;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
  discardReason: string | null;
  createdAt: string | null;
  ageSeconds: number;
  claimed: boolean;
}

export function OutboxTable({ reports, status }: { reports: Report[]; status: string }) {
  const navigation = useNavigation();
  const retrying = navigation.state === "submitting" && navigation.formData?.get("intent") === "retry" ? navigation.formData.get("reportId") : null;
  if (reports.length === 0) {
    return (
      <EmptyState title={status ? `No ${status} reports` : "Nothing needs attention"}>
        {status ? "Pick another status above." : "Every meter report has reached Stripe. Usage on batched plans joins the outbox when its batch is due (see each customer's page)."}
      </EmptyState>
    );
  }
  return (
    <Table caption="Meter reports">
      <thead>
        <tr>
          <Th>Age</Th>
          <Th>Customer</Th>
          <Th>Meter</Th>
          <Th numeric>Tokens</Th>
          <Th>Status</Th>
          <Th numeric>Attempts</Th>
          <Th>Last error</Th>
          <Th>
            <span className="sr-only">Actions</span>
          </Th>
        </tr>
      </thead>
      <Tbody>
        {reports.map((r) => (
          <tr key={r.id} data-testid={`outbox-report-${r.id}`}>
            <Td className="whitespace-nowrap">
              <span title={formatDateTime(r.createdAt)}>{formatAge(r.ageSeconds)}</span>
              <div className="font-mono text-[11px] text-slate-400">{r.identifier.slice(0, 18)}…</div>
            </Td>
            <Td>
              <Link to={`/customers/${r.customerId}`} className="text-indigo-700 hover:underline">
                {r.customerEmail}
              </Link>
            </Td>
            <Td className="font-mono text-xs">{r.eventName}</Td>
            <Td numeric>{formatCount(r.value)}</Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                <StatusBadge status={r.status} />
                {r.claimed ? <Badge tone="blue">sending</Badge> : null}
              </div>
              {r.status === "failed" && r.nextAttemptAt ? <div className="mt-1 text-xs whitespace-nowrap text-slate-500">next try {formatDateTime(r.nextAttemptAt)}</div> : null}
              {r.sentAt ? <div className="mt-1 text-xs whitespace-nowrap text-slate-500">{formatDateTime(r.sentAt)}</div> : null}
              {r.discardReason ? <div className="mt-1 max-w-48 text-xs text-slate-500">“{r.discardReason}”</div> : null}
            </Td>
            <Td numeric>{r.attempts}</Td>
            <Td className="max-w-72 text-xs break-words text-red-700">{r.lastError ?? <span className="text-slate-400">—</span>}</Td>
            <Td>
              {r.status === "failed" || r.status === "dead" ? (
                <div className="flex items-center gap-1">
                  <Form method="post">
                    <input type="hidden" name="intent" value="retry" />
                    <input type="hidden" name="reportId" value={r.id} />
                    <button type="submit" className={buttonStyles.ghost} disabled={retrying === r.id}>
                      {retrying === r.id ? "Retrying…" : "Retry"}
                    </button>
                  </Form>
                  <ConfirmAction
                    intent="discard"
                    fields={{ reportId: r.id }}
                    triggerLabel="Discard"
                    triggerTone="ghost"
                    title="Discard this meter report?"
                    description={`${formatCount(r.value)} ${r.eventName} tokens for ${r.customerEmail} will not be sent to Stripe through this report. They stay in the ledger, and the next reconciliation shows them as a difference you can repair deliberately.`}
                    confirmLabel="Discard report"
                    tone="danger"
                    reasonLabel="Reason (required, kept in the audit log)"
                  />
                </div>
              ) : null}
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
