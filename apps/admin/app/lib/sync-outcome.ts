export type StripeSyncOutcome = { status: "synced"; changes: number } | { status: "skipped"; reason: string } | { status: "failed"; error: string };

/** Carries a save's Stripe outcome across the redirect to the plan page (no session flash needed). */
export function syncQuery(saved: "created" | "updated", sync: StripeSyncOutcome): string {
  const params = new URLSearchParams({ saved, sync: sync.status });
  if (sync.status === "synced") params.set("changes", String(sync.changes));
  if (sync.status === "skipped") params.set("detail", sync.reason.slice(0, 300));
  if (sync.status === "failed") params.set("detail", sync.error.slice(0, 300));
  return params.toString();
}

export function describeSync(sync: StripeSyncOutcome): { tone: "success" | "warn" | "error"; text: string } {
  if (sync.status === "synced") {
    return { tone: "success", text: sync.changes === 0 ? "Stripe was already up to date." : `Synced to Stripe (${sync.changes} object${sync.changes === 1 ? "" : "s"} created or changed).` };
  }
  if (sync.status === "skipped") return { tone: "warn", text: `Stripe sync skipped: ${sync.reason}` };
  return { tone: "error", text: `Saved, but the Stripe sync failed: ${sync.error} Use "Sync to Stripe" to try again.` };
}

export function syncFromQuery(params: URLSearchParams): { saved: string; sync: StripeSyncOutcome } | null {
  const saved = params.get("saved");
  const status = params.get("sync");
  if (!saved || !status) return null;
  const detail = params.get("detail") ?? "";
  const sync: StripeSyncOutcome =
    status === "synced" ? { status, changes: Number(params.get("changes") ?? 0) } : status === "skipped" ? { status, reason: detail } : { status: "failed", error: detail };
  return { saved, sync };
}
