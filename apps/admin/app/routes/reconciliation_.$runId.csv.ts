import type { LoaderFunctionArgs } from "@remix-run/node";
import { toCsv } from "~/lib/csv";
import { adminLoader } from "~/lib/server/admin-api.server";
import { loadOrThrow } from "~/lib/server/results.server";

/** GET /reconciliation/:runId/csv: every line of a run as a spreadsheet-safe CSV file. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const { api } = await adminLoader(request, context);
  const { run, lines } = await loadOrThrow(api.reconciliation.findLines({ runId: params.runId ?? "", onlyMismatched: false }));
  const csv = toCsv(
    ["run_id", "period_start", "period_end", "customer_id", "customer_email", "meter", "ledger_value", "stripe_value", "difference", "in_flight_value", "unexplained", "repair_action", "repair_status", "repair_detail"],
    lines.map((l) => [run.id, run.periodStart, run.periodEnd, l.customerId, l.customerEmail, l.eventName, l.ledgerValue, l.stripeValue, l.difference, l.inFlightValue, l.unexplained, l.repairAction, l.repairStatus, l.repairDetail]),
  );
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="reconciliation-${run.id}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
