import type { ReactNode } from "react";

export type Tone = "green" | "amber" | "red" | "slate" | "indigo" | "blue";

const tones: Record<Tone, string> = {
  green: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  amber: "bg-amber-50 text-amber-800 ring-amber-600/20",
  red: "bg-red-50 text-red-700 ring-red-600/20",
  slate: "bg-slate-100 text-slate-700 ring-slate-500/20",
  indigo: "bg-indigo-50 text-indigo-700 ring-indigo-600/20",
  blue: "bg-sky-50 text-sky-700 ring-sky-600/20",
};

export function Badge({ tone = "slate", children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ring-1 ring-inset ${tones[tone]}`}>{children}</span>;
}

/** One colour per status word across the portal (subscriptions, requests, outbox, repairs). */
const statusTones: Record<string, Tone> = {
  active: "green",
  trialing: "blue",
  completed: "green",
  sent: "green",
  repaired: "green",
  ok: "green",
  synced: "green",
  pending: "amber",
  incomplete: "amber",
  past_due: "amber",
  truncated: "amber",
  aborted: "amber",
  adjustment: "indigo",
  credit: "indigo",
  failed: "red",
  dead: "red",
  unpaid: "red",
  suspended: "red",
  mismatch: "red",
  canceled: "slate",
  discarded: "slate",
  none: "slate",
  archived: "slate",
  skipped: "slate",
};

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <Badge tone={statusTones[status] ?? "slate"}>{label ?? status.replace(/_/g, " ")}</Badge>;
}
