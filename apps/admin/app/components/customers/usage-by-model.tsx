import { formatCount } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { Table, Tbody, Td, Th } from "../ui/table";

interface ModelUsage {
  model: string;
  events: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  costMicros: number;
}

export function UsageByModel({ models, totals }: { models: ModelUsage[]; totals: { usageMicros: number; creditMicros: number; totalMicros: number } }) {
  return (
    <Table caption="Billed tokens and cost per model this period">
      <thead>
        <tr>
          <Th>Model</Th>
          <Th numeric>Requests</Th>
          <Th numeric>Input</Th>
          <Th numeric>Cached input</Th>
          <Th numeric>Output</Th>
          <Th numeric>Cost</Th>
        </tr>
      </thead>
      <Tbody>
        {models.map((m) => (
          <tr key={m.model} data-testid={`usage-model-${m.model}`}>
            <Td className="font-mono text-xs">{m.model}</Td>
            <Td numeric>{formatCount(m.events)}</Td>
            <Td numeric data-testid="input-tokens">{formatCount(m.inputTokens)}</Td>
            <Td numeric>{formatCount(m.cachedInputTokens)}</Td>
            <Td numeric data-testid="output-tokens">
              {formatCount(m.outputTokens)}
              {m.reasoningTokens ? <div className="text-xs text-slate-500">incl. {formatCount(m.reasoningTokens)} reasoning</div> : null}
            </Td>
            <Td numeric data-testid="cost">{formatMicros(m.costMicros)}</Td>
          </tr>
        ))}
        <tr className="bg-slate-50 font-medium">
          <Td colSpan={5}>Usage {totals.creditMicros !== 0 ? `${formatMicros(totals.usageMicros)}, credits ${formatMicros(totals.creditMicros)}` : ""}</Td>
          <Td numeric data-testid="period-total">{formatMicros(totals.totalMicros)}</Td>
        </tr>
      </Tbody>
    </Table>
  );
}
