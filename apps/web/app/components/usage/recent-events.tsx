import { Badge, type Tone } from "@meterkit/ui";
import { formatCount, formatDateTime } from "~/lib/format";
import { formatMicros } from "~/lib/money";

interface EventRow {
  id: string;
  requestId: string;
  kind: string;
  status: string;
  model: string;
  apiKeyId: string | null;
  promptTokensSent: number;
  billedInputTokens: number;
  billedCachedInputTokens: number;
  billedOutputTokens: number;
  costMicros: number;
  occurredAt: string;
}

const tones: Record<string, Tone> = { completed: "success", aborted: "warning", failed: "danger", truncated: "neutral", adjustment: "info" };

/** The latest ledger events, one row per request, exactly as billed. */
export function RecentEvents({ events }: { events: EventRow[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="usage-events">
        <caption className="sr-only">Latest requests</caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <th scope="col" className="py-2 font-medium">When</th>
            <th scope="col" className="py-2 font-medium">Model</th>
            <th scope="col" className="py-2 font-medium">Source</th>
            <th scope="col" className="py-2 font-medium">Status</th>
            <th scope="col" className="py-2 text-right font-medium">Input</th>
            <th scope="col" className="py-2 text-right font-medium">Output</th>
            <th scope="col" className="py-2 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 last:border-0" data-testid="usage-event" data-request-id={e.requestId} data-status={e.status}>
              <td className="whitespace-nowrap py-2 text-slate-600">{formatDateTime(e.occurredAt)}</td>
              <td className="py-2 font-mono text-xs">{e.model}</td>
              <td className="py-2 text-slate-600">{e.kind !== "usage" ? e.kind : e.apiKeyId ? "API" : "Chat"}</td>
              <td className="py-2">
                <Badge tone={tones[e.status] ?? "neutral"}>{e.status}</Badge>
              </td>
              <td className="py-2 text-right tabular-nums" data-testid="event-input">{formatCount(e.billedInputTokens + e.billedCachedInputTokens)}</td>
              <td className="py-2 text-right tabular-nums" data-testid="event-output">{formatCount(e.billedOutputTokens)}</td>
              <td className="py-2 text-right tabular-nums" data-testid="event-cost">{formatMicros(e.costMicros)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
