import { formatCount, formatDateTime } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { Badge, StatusBadge } from "../ui/badge";
import { Card } from "../ui/card";
import { EmptyState } from "../ui/empty-state";
import { Table, Tbody, Td, Th } from "../ui/table";

interface EventRow {
  id: string;
  requestId: string;
  kind: string;
  status: string;
  model: string;
  promptTokensSent: number;
  promptTokensEffective: number;
  cachedPromptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  costMicros: number;
  countSource: string;
  note: string | null;
  occurredAt: string | null;
}

export function RecentRequests({ events }: { events: EventRow[] }) {
  return (
    <Card title="Recent requests">
      {events.length === 0 ? (
        <EmptyState title="No requests yet">Chat messages and API calls show up here with their token counts.</EmptyState>
      ) : (
        <Table caption="The customer's latest ledger events">
          <thead>
            <tr>
              <Th>When</Th>
              <Th>Model</Th>
              <Th>Status</Th>
              <Th numeric>Prompt sent / effective</Th>
              <Th numeric>Cached</Th>
              <Th numeric>Completion</Th>
              <Th numeric>Cost</Th>
              <Th>Counted by</Th>
            </tr>
          </thead>
          <Tbody>
            {events.map((e) => (
              <tr key={e.id} data-testid="usage-event-row">
                <Td className="text-xs whitespace-nowrap text-slate-600">{formatDateTime(e.occurredAt)}</Td>
                <Td className="font-mono text-xs">{e.model}</Td>
                <Td>
                  <StatusBadge status={e.kind === "usage" ? e.status : e.kind} />
                  {e.note ? <div className="mt-1 max-w-48 text-xs text-slate-500">{e.note}</div> : null}
                </Td>
                <Td numeric>
                  {formatCount(e.promptTokensSent)}
                  {e.promptTokensEffective !== e.promptTokensSent ? ` / ${formatCount(e.promptTokensEffective)}` : ""}
                </Td>
                <Td numeric>{formatCount(e.cachedPromptTokens)}</Td>
                <Td numeric>
                  {formatCount(e.completionTokens)}
                  {e.reasoningTokens ? <div className="text-xs text-slate-500">{formatCount(e.reasoningTokens)} reasoning</div> : null}
                </Td>
                <Td numeric>{formatMicros(e.costMicros)}</Td>
                <Td>
                  <Badge>{e.countSource}</Badge>
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      )}
    </Card>
  );
}
