import { formatCount, formatDate } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import type { InvoicePreview } from "~/lib/server/invoice-preview.server";

/** Stripe's upcoming invoice: base fee and one line per (model, token class) at its own price. */
export function InvoicePreviewTable({ invoice }: { invoice: InvoicePreview }) {
  const money = (micros: number) => formatMicros(micros, invoice.currency);
  return (
    <div className="overflow-x-auto">
      <p className="mb-3 text-sm text-slate-500">
        {formatDate(invoice.periodStart)} – {formatDate(invoice.periodEnd)}. Stripe rounds each line to whole cents.
      </p>
      <table className="w-full text-left text-sm" data-testid="invoice-preview">
        <caption className="sr-only">Upcoming invoice lines</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 font-medium">Line</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Quantity</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Price</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((line, i) => (
            <tr key={i} className="border-b border-slate-100" data-testid="invoice-line" data-kind={line.kind} data-model={line.model ?? ""} data-token-class={line.tokenClass ?? ""}>
              <td className="py-2 text-slate-800">{line.label}</td>
              <td className="py-2 pl-3 text-right tabular-nums" data-testid="invoice-line-quantity">{line.quantity === null ? "—" : formatCount(line.quantity)}</td>
              <td className="py-2 pl-3 text-right tabular-nums text-slate-600">{line.unitMicrosPerMtok === null ? "" : `${money(line.unitMicrosPerMtok)} / 1M`}</td>
              <td className="py-2 pl-3 text-right tabular-nums">{money(line.amountMicros)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          {invoice.balanceAppliedMicros !== 0 ? (
            <>
              <tr>
                <th scope="row" colSpan={3} className="pt-3 text-right font-medium text-slate-600">Total</th>
                <td className="pt-3 text-right tabular-nums">{money(invoice.totalMicros)}</td>
              </tr>
              <tr>
                <th scope="row" colSpan={3} className="pt-1 text-right font-medium text-slate-600">{invoice.balanceAppliedMicros < 0 ? "Credit from your balance" : "Balance owed"}</th>
                <td className="pt-1 text-right tabular-nums" data-testid="invoice-balance-applied">{money(invoice.balanceAppliedMicros)}</td>
              </tr>
            </>
          ) : null}
          <tr>
            <th scope="row" colSpan={3} className="pt-3 text-right font-medium text-slate-600">Total due</th>
            <td className="pt-3 text-right font-semibold tabular-nums text-slate-900" data-testid="invoice-total">{money(invoice.amountDueMicros)}</td>
          </tr>
        </tfoot>
      </table>
      {invoice.unusedMeteredLines > 0 ? (
        <p className="mt-2 text-xs text-slate-500">{invoice.unusedMeteredLines} other metered prices of your plan have no usage yet.</p>
      ) : null}
    </div>
  );
}
