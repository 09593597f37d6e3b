import { Form, Link, useNavigation } from "@remix-run/react";
import { formatCount } from "~/lib/format";
import { StatusBadge } from "../ui/badge";
import { EmptyState } from "../ui/empty-state";
import { buttonStyles } from "../ui/styles";
import { Table, Tbody, Td, Th } from "../ui/table";

interface Line {
  id: string;
  customerId: string;
  customerEmail: string;
  eventName: string;
  ledgerValue: number;
  stripeValue: number;
  difference: number;
  inFlightValue: number;
  unexplained: number;
  repairAction: string | null;
  repairStatus: string | null;
  repairDetail: string | null;
}

export function ReconciliationLines({ lines, onlyMismatched }: { lines: Line[]; onlyMismatched: boolean }) {
  const navigation = useNavigation();
  const repairing = navigation.state === "submitting" && navigation.formData?.get("intent") === "repair" ? navigation.formData.get("lineId") : null;
  if (lines.length === 0) {
    return onlyMismatched ? (
      <EmptyState title="No mismatches">The ledger and Stripe agree for every customer and meter in this period.</EmptyState>
    ) : (
      <EmptyState title="Nothing to compare">No customer had metered usage in this period.</EmptyState>
    );
  }
  return (
    <Table caption="Tokens per customer and meter: ledger, Stripe, difference">
      <thead>
        <tr>
          <Th>Customer</Th>
          <Th>Meter</Th>
          <Th numeric>Ledger</Th>
          <Th numeric>Stripe</Th>
          <Th numeric>Difference</Th>
          <Th numeric>In flight</Th>
          <Th>Repair</Th>
        </tr>
      </thead>
      <Tbody>
        {lines.map((l) => (
          <tr key={l.id} data-testid={`recon-line-${l.eventName}`} data-customer={l.customerEmail} className={l.unexplained !== 0 ? "bg-red-50/40" : ""}>
            <Td>
              <Link to={`/customers/${l.customerId}`} className="text-indigo-700 hover:underline">
                {l.customerEmail}
              </Link>
            </Td>
            <Td className="font-mono text-xs">{l.eventName}</Td>
            <Td numeric>{formatCount(l.ledgerValue)}</Td>
            <Td numeric>{formatCount(l.stripeValue)}</Td>
            <Td numeric data-testid="difference" className={l.unexplained !== 0 ? "font-semibold text-red-700" : ""}>
              {l.difference > 0 ? "+" : ""}
              {formatCount(l.difference)}
            </Td>
            <Td numeric className="text-slate-500">
              {formatCount(l.inFlightValue)}
            </Td>
            <Td>
              {l.repairStatus ? (
                <div>
                  <StatusBadge status={l.repairStatus === "done" ? "sent" : l.repairStatus} label={`${(l.repairAction ?? "").replace(/_/g, " ")} · ${l.repairStatus}`} />
                  {l.repairDetail ? <div className="mt-1 max-w-64 text-xs text-slate-500">{l.repairDetail}</div> : null}
                </div>
              ) : null}
              {l.unexplained !== 0 && (l.repairStatus === null || l.repairStatus === "failed") ? (
                <Form method="post" className={l.repairStatus ? "mt-1" : ""}>
                  <input type="hidden" name="intent" value="repair" />
                  <input type="hidden" name="lineId" value={l.id} />
                  <button type="submit" className={`${buttonStyles.ghost} -my-1`} disabled={repairing === l.id}>
                    {repairing === l.id ? "Repairing…" : "Repair"}
                    <span className="sr-only">
                      {" "}
                      {l.eventName} for {l.customerEmail}
                    </span>
                  </button>
                </Form>
              ) : l.unexplained === 0 && !l.repairStatus ? (
                <StatusBadge status="ok" label="matches" />
              ) : null}
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
