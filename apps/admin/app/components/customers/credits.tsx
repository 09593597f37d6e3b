import { formatDateTime } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { StatusBadge } from "../ui/badge";
import { Card } from "../ui/card";
import { ConfirmAction } from "../ui/confirm-action";
import { EmptyState } from "../ui/empty-state";
import { Table, Tbody, Td, Th } from "../ui/table";

interface CreditRow {
  id: string;
  amountCents: number;
  currency: string;
  description: string;
  status: string;
  attempts: number;
  lastError: string | null;
  stripeTransactionId: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** What each transfer status means for the customer's invoice. */
const statusLabels: Record<string, string> = {
  pending: "waiting for Stripe",
  failed: "retrying",
  sent: "on Stripe balance",
  dead: "not sent",
};

/**
 * Credits and whether they reached the customer's Stripe balance, which Stripe applies to the
 * next invoice. One that Stripe refused can be sent again once its cause is fixed.
 */
export function Credits({ credits }: { credits: CreditRow[] }) {
  return (
    <Card title="Credits">
      {credits.length === 0 ? (
        <EmptyState title="No credits">Credits granted here are sent to the customer's Stripe balance and lower their next invoice.</EmptyState>
      ) : (
        <Table caption="Credits granted to this customer and their delivery to Stripe">
          <thead>
            <tr>
              <Th>Granted</Th>
              <Th numeric>Amount</Th>
              <Th>Note</Th>
              <Th>Stripe</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <Tbody>
            {credits.map((c) => (
              <tr key={c.id} data-testid="credit-row">
                <Td className="text-xs whitespace-nowrap text-slate-600">{formatDateTime(c.createdAt)}</Td>
                <Td numeric>
                  {formatMicros(-c.amountCents * 10_000)} <span className="text-xs text-slate-500 uppercase">{c.currency}</span>
                </Td>
                <Td className="max-w-64 text-xs text-slate-600">{c.description}</Td>
                <Td>
                  <StatusBadge status={c.status} label={statusLabels[c.status]} />
                  {c.stripeTransactionId ? <div className="mt-1 font-mono text-xs text-slate-500">{c.stripeTransactionId}</div> : null}
                  {c.lastError && c.status !== "sent" ? (
                    <div className="mt-1 max-w-64 text-xs text-red-700">
                      {c.attempts} attempt{c.attempts === 1 ? "" : "s"}: {c.lastError}
                    </div>
                  ) : null}
                </Td>
                <Td>
                  {c.status === "dead" ? (
                    <ConfirmAction
                      intent="retryCredit"
                      fields={{ transferId: c.id }}
                      triggerLabel="Retry"
                      title="Send this credit to Stripe again?"
                      description="Fix the cause first (the error says what Stripe refused). The worker then sends it again; if an earlier attempt reached Stripe after all, it is found and not sent twice."
                      confirmLabel="Retry"
                      reasonLabel="Reason (kept in the audit log)"
                    />
                  ) : null}
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Card>
  );
}
