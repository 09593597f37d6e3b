import type { PlanFormInput } from "./plan-form.server";
import type { AdminApi } from "./admin-api.server";
import { describeSync } from "../sync-outcome";

export interface MoveSummary {
  subscriptions: number;
  moved: number;
  failed: number;
  outcomes: { customerId: string; status: string; detail: string }[];
}

/**
 * Saves a plan and, when the Stripe sync created new prices (a rate or fee changed), moves the
 * plan's live subscriptions onto them, so Stripe bills new usage at the version the ledger uses.
 */
export async function savePlan(api: AdminApi, id: string, input: PlanFormInput) {
  const saved = await api.plans.update({ id, ...input });
  let move: MoveSummary | null = null;
  if (saved.stripeSync.status === "synced" && saved.stripeSync.changes > 0) move = await api.plans.moveSubscriptions({ id });
  return { ...saved, move };
}

/**
 * "Sync to Stripe" after a save whose sync failed: the sync makes the new prices then, so the
 * plan's live subscriptions are moved onto them then too, as a save does. Without the move they
 * kept billing at the old rate while the ledger costs usage at the new one.
 */
export async function syncPlan(api: Pick<AdminApi["plans"], "sync" | "moveSubscriptions">, id: string) {
  const synced = await api.sync({ id });
  let move: MoveSummary | null = null;
  if (synced.stripeSync.status === "synced" && synced.stripeSync.changes > 0) move = await api.moveSubscriptions({ id });
  return { ...synced, move };
}

export function describeSyncAndMove(result: Awaited<ReturnType<typeof syncPlan>>): Described {
  const sync = describeSync(result.stripeSync);
  const move = result.move ? describeMove(result.move) : null;
  const tone = sync.tone === "error" || move?.tone === "error" ? "error" : sync.tone === "warn" ? "warn" : "success";
  return { text: [sync.text, move?.text].filter(Boolean).join(" "), tone };
}

type Described = { text: string; tone: "success" | "warn" | "error" };

export function describeSave(result: Awaited<ReturnType<typeof savePlan>>): Described {
  const sync = describeSync(result.stripeSync);
  const move = result.move ? describeMove(result.move) : null;
  const tone = sync.tone === "error" || move?.tone === "error" ? "error" : sync.tone === "warn" ? "warn" : "success";
  return { text: [`Plan saved. ${sync.text}`, move?.text].filter(Boolean).join(" "), tone };
}

export function describeMove(move: MoveSummary): Described {
  if (move.subscriptions === 0) return { text: "No existing subscriptions to move.", tone: "success" };
  const failed = move.outcomes.filter((o) => o.status === "failed");
  const text = `Existing subscriptions: ${move.moved} moved to the new prices, ${move.subscriptions - move.moved - move.failed} already current.`;
  if (!failed.length) return { text, tone: "success" };
  return { text: `${text} ${failed.length} could not be moved (${failed[0]?.detail ?? "unknown error"}); use "Move subscriptions" to retry.`, tone: "error" };
}
