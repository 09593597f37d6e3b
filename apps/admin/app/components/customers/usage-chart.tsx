import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "~/lib/format";
import { EmptyState } from "../ui/empty-state";

interface DayRow {
  day: string;
  model: string;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
}

const palette = ["#6366f1", "#0ea5e9", "#10b981", "#f59e0b", "#ef4444", "#8b5cf6", "#14b8a6"];

/** Billed tokens per day, one stacked bar segment per model; a table holds the same numbers for screen readers. */
export function UsageChart({ rows, days }: { rows: DayRow[]; days: number }) {
  if (rows.length === 0) return <EmptyState title={`No usage in the last ${days} days`} />;
  const models = [...new Set(rows.map((r) => r.model))];
  const byDay = new Map<string, Record<string, number | string>>();
  for (const r of rows) {
    const entry = byDay.get(r.day) ?? { day: r.day.slice(5) };
    entry[r.model] = Number(entry[r.model] ?? 0) + r.inputTokens + r.cachedInputTokens + r.outputTokens;
    byDay.set(r.day, entry);
  }
  const data = [...byDay.values()];
  return (
    <figure>
      <div className="h-64" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 0, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} />
            <YAxis tickFormatter={(v: number) => formatCount(v)} tick={{ fontSize: 12, fill: "#64748b" }} tickLine={false} axisLine={false} width={72} />
            <Tooltip formatter={(value) => formatCount(Number(value))} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {models.map((m, i) => (
              <Bar key={m} dataKey={m} stackId="tokens" fill={palette[i % palette.length]} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="sr-only">
        Billed tokens per day and model:{" "}
        {rows.map((r) => `${r.day} ${r.model}: ${formatCount(r.inputTokens + r.cachedInputTokens + r.outputTokens)} tokens`).join("; ")}
      </figcaption>
    </figure>
  );
}
