/**
 * Runs every benchmark module and prints one table. To add a benchmark, write a module that
 * exports a BenchModule and append it to `modules`. `pnpm bench <name>` runs only that module.
 */
import { chatAppBench } from "./chat-app";
import { gcAvailable } from "./measure";
import { gatewayBench } from "./gateway";
import { ledgerScanBench } from "./ledger-scan";
import { meteringBench } from "./metering";
import { stopBenchPostgres } from "./postgres";
import { stripeCallsBench } from "./stripe-calls";
import type { BenchModule, BenchRow } from "./types";

const modules: BenchModule[] = [meteringBench, gatewayBench, chatAppBench, stripeCallsBench, ledgerScanBench];

function printTable(results: Array<{ bench: string; rows: BenchRow[] }>): void {
  const lines = results.flatMap(({ bench, rows }) =>
    rows.map((r) => [bench, r.metric, r.value, r.target ?? "", r.status ?? ""]),
  );
  const header = ["bench", "metric", "value", "target", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(["", format(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(format), ""].join("\n"));
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const selected = only.length ? modules.filter((m) => only.includes(m.name)) : modules;
  if (!gcAvailable) console.warn("(run with node --expose-gc for steadier numbers)");
  const results = [];
  try {
    for (const module of selected) results.push({ bench: module.name, rows: await module.run((line) => console.log(`… ${line}`)) });
  } finally {
    await stopBenchPostgres();
  }
  printTable(results);
  const missed = results.flatMap((r) => r.rows).filter((r) => r.status === "MISS").length;
  console.log(missed ? `${missed} target(s) missed.` : "All targets met.");
}

await main();
