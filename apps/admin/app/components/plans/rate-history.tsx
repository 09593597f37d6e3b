import { formatDateTime } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import { Badge } from "../ui/badge";
import { Card } from "../ui/card";
import { Table, Tbody, Td, Th } from "../ui/table";

interface RateVersion {
  model: string;
  version: number;
  inputMicrosPerMtok: number;
  cachedInputMicrosPerMtok: number;
  outputMicrosPerMtok: number;
  createdAt: string | null;
  supersededAt: string | null;
}

/** Every rate version the plan ever had; usage events point at the version they were costed with. */
export function RateHistory({ history }: { history: RateVersion[] }) {
  return (
    <Card title="Rate history">
      <Table caption="Rate versions per model, newest first">
        <thead>
          <tr>
            <Th>Model</Th>
            <Th numeric>Version</Th>
            <Th numeric>Input /1M</Th>
            <Th numeric>Cached /1M</Th>
            <Th numeric>Output /1M</Th>
            <Th>In effect</Th>
          </tr>
        </thead>
        <Tbody>
          {history.map((r) => (
            <tr key={`${r.model}-${r.version}`}>
              <Td className="font-mono text-xs">{r.model}</Td>
              <Td numeric>v{r.version}</Td>
              <Td numeric>{formatMicros(r.inputMicrosPerMtok)}</Td>
              <Td numeric>{formatMicros(r.cachedInputMicrosPerMtok)}</Td>
              <Td numeric>{formatMicros(r.outputMicrosPerMtok)}</Td>
              <Td className="text-xs text-slate-600">
                {formatDateTime(r.createdAt)} → {r.supersededAt ? formatDateTime(r.supersededAt) : <Badge tone="green">current</Badge>}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
    </Card>
  );
}
