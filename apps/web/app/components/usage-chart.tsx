import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCount } from "~/lib/format";
import { formatMicros } from "~/lib/money";
import type { DailyUsagePoint } from "~/lib/stream-parts";

const short = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const compact = (n: number) => (n >= 1_000_000 ? `${(n / 1_000_000).toFixed(1)}M` : n >= 1_000 ? `${(n / 1_000).toFixed(1)}k` : String(n));

/**
 * Daily input and output tokens as stacked bars, with the day's cost in the tooltip. Charts
 * measure their container, which only exists in the browser: the server renders a placeholder
 * of the same height and a text summary for screen readers.
 */
export function UsageChart({ days, currency = "usd", height = 240 }: { days: DailyUsagePoint[]; currency?: string; height?: number }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  const total = days.reduce((sum, d) => ({ input: sum.input + d.inputTokens, output: sum.output + d.outputTokens, cost: sum.cost + d.costMicros }), { input: 0, output: 0, cost: 0 });
  return (
    <figure data-testid="usage-chart">
      <div style={{ height }} aria-hidden>
        {mounted ? (
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
              <XAxis dataKey="day" tickFormatter={short} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} minTickGap={16} />
              <YAxis tickFormatter={compact} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={44} />
              <Tooltip
                cursor={{ fill: "#f1f5f9" }}
                labelFormatter={(day) => short(String(day))}
                formatter={(value, name) => [`${formatCount(Number(value))} tokens`, name]}
              />
              <Legend wrapperStyle={{ fontSize: 12 }} />
              <Bar dataKey="inputTokens" name="Input" stackId="tokens" fill="#818cf8" radius={[0, 0, 0, 0]} />
              <Bar dataKey="outputTokens" name="Output" stackId="tokens" fill="#4f46e5" radius={[3, 3, 0, 0]} />
            </BarChart>
          </ResponsiveContainer>
        ) : null}
      </div>
      <figcaption className="mt-2 text-xs text-slate-500">
        {formatCount(total.input)} input and {formatCount(total.output)} output tokens over {days.length} days, {formatMicros(total.cost, currency)} in total.
      </figcaption>
    </figure>
  );
}
