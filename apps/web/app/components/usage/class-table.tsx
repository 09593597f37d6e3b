import { formatCount } from "~/lib/format";
import { formatMicros } from "~/lib/money";

interface ModelSummary {
  model: string;
  events: number;
  reasoningTokens: number;
  costMicros: number;
  classes: { tokenClass: "input" | "cached_input" | "output"; tokens: number; costMicros: number }[];
}

const classNames = { input: "Input", cached_input: "Cached input", output: "Output" } as const;

/** This period's tokens and cost per model and token class, from the ledger. */
export function ClassTable({ models, currency }: { models: ModelSummary[]; currency: string }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="usage-by-model">
        <caption className="sr-only">Tokens and cost by model and token class this period</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 font-medium">Model</th>
            <th scope="col" className="py-2 font-medium">Token class</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Tokens</th>
            <th scope="col" className="py-2 pl-3 text-right font-medium">Cost</th>
          </tr>
        </thead>
        {models.map((m) => (
          <tbody key={m.model} className="border-b border-slate-200 last:border-0">
            {m.classes.map((c, i) => (
              <tr key={c.tokenClass} data-testid={`usage-${m.model}-${c.tokenClass}`}>
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={m.classes.length + 1} className="py-2 pr-4 align-top font-mono text-xs font-normal text-slate-800">
                    {m.model}
                    <span className="mt-1 block font-sans text-slate-500">{formatCount(m.events)} requests</span>
                  </th>
                ) : null}
                <td className="py-1.5 text-slate-600">{classNames[c.tokenClass]}</td>
                <td className="py-1.5 text-right tabular-nums" data-testid="tokens">{formatCount(c.tokens)}</td>
                <td className="py-1.5 text-right tabular-nums">{formatMicros(c.costMicros, currency)}</td>
              </tr>
            ))}
            <tr className="text-slate-900">
              <td className="py-1.5 font-medium">Total{m.reasoningTokens ? <span className="font-normal text-slate-500"> (incl. {formatCount(m.reasoningTokens)} reasoning in output)</span> : null}</td>
              <td />
              <td className="py-1.5 text-right font-medium tabular-nums">{formatMicros(m.costMicros, currency)}</td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}
