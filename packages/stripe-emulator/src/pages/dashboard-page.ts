import { aggregate } from "../core/aggregate";
import type { EmulatorState } from "../core/state";
import type { Stats } from "../core/store";
import { esc, money, page } from "./html";

function section(title: string, head: string[], rows: string[][]): string {
  if (rows.length === 0) return `<h2>${esc(title)}</h2><p class="note">None yet.</p>`;
  const th = head.map((h) => `<th>${esc(h)}</th>`).join("");
  const tr = rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("");
  return `<h2>${esc(title)}</h2><table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** A human view of the emulator: customers, subscriptions, meters and each customer's usage per meter. */
export function dashboardPage(state: EmulatorState, stats: Stats): string {
  const d = state.data;
  const customers = Object.values(d.customers);
  const meters = Object.values(d.meters);
  const usageRows: string[][] = [];
  for (const meter of meters) {
    for (const customer of customers) {
      const all = state.meterEventsFor(meter.id, customer.id);
      if (all.length === 0) continue;
      const total = aggregate(state, meter, customer.id, 0, Number.MAX_SAFE_INTEGER);
      const sub = Object.values(d.subscriptions).find((s) => s.customer === customer.id && s.status !== "canceled");
      const item = sub?.items.data[0];
      const period = item ? aggregate(state, meter, customer.id, item.current_period_start, item.current_period_end) : 0;
      usageRows.push([
        esc(customer.email ?? customer.id), esc(meter.event_name), String(period), String(total),
        String(all.filter((e) => e.status === "accepted").length), String(all.filter((e) => e.status !== "accepted").length),
      ]);
    }
  }
  const m = stats.meterEvents;
  return page(
    "Stripe emulator",
    `<h1>Local Stripe emulator</h1>
<p class="note">Test mode. JSON: <a href="/_emulator/state">/_emulator/state</a> · <a href="/_emulator/stats">/_emulator/stats</a> · <a href="/_emulator/meter_events">/_emulator/meter_events</a></p>
<p>Meter events since start: ${m.accepted} accepted, ${m.duplicate} duplicate, ${m.rejected} rejected, ${m.invalid} invalid.</p>
${section("Usage per customer and meter", ["Customer", "Meter event", "Current period", "All time", "Events counted", "Not counted"], usageRows)}
${section("Customers", ["Id", "Email", "Name"], customers.map((c) => [`<code>${esc(c.id)}</code>`, esc(c.email), esc(c.name)]))}
${section("Subscriptions", ["Id", "Customer", "Status", "Items"], Object.values(d.subscriptions).map((s) => [
  `<code>${esc(s.id)}</code>`, esc(s.customer), esc(s.status), s.items.data.map((i) => esc(i.price.nickname ?? i.price.id)).join(", "),
]))}
${section("Meters", ["Id", "Event name", "Display name", "Status"], meters.map((x) => [`<code>${esc(x.id)}</code>`, esc(x.event_name), esc(x.display_name), esc(x.status)]))}
${section("Invoices", ["Id", "Customer", "Status", "Total"], Object.values(d.invoices).map((i) => [`<code>${esc(i.id)}</code>`, esc(i.customer), esc(i.status), money(i.total, i.currency)]))}`,
  );
}
