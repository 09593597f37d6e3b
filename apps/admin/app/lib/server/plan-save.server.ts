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
  return { ...saved, move: await moveIfRepriced(api.plans, id, saved.stripeSync) };
}

/**
 * "Sync to Stripe" after a save whose sync failed: the sync makes the new prices then, so the
 * plan's live subscriptions are moved onto them then too, as a save does. Without the move they
 * kept billing at the old rate while the ledger costs usage at the new one.
 */
export async function syncPlan(api: Pick<AdminApi["plans"], "sync" | "moveSubscriptions">, id: string) {
  const synced = await api.sync({ id });
  return { ...synced, move: await moveIfRepriced(api, id, synced.stripeSync) };
}

type SyncOutcome = Parameters<typeof describeSync>[0];

/** A sync that created prices (a rate or fee changed) moves the plan's live subscriptions onto them. */
async function moveIfRepriced(api: Pick<AdminApi["plans"], "moveSubscriptions">, id: string, sync: SyncOutcome): Promise<MoveSummary | null> {
  return sync.status === "synced" && sync.changes > 0 ? api.moveSubscriptions({ id }) : null;
}

type Described = { text: string; tone: "success" | "warn" | "error" };

export function describeSave(result: Awaited<ReturnType<typeof savePlan>>): Described {
  return describeSyncAndMove(result, "Plan saved. ");
}

export function describeSyncAndMove(result: { stripeSync: SyncOutcome; move: MoveSummary | null }, prefix = ""): Described {
  const sync = describeSync(result.stripeSync);
  const move = result.move ? describeMove(result.move) : null;
  const tone = sync.tone === "error" || move?.tone === "error" ? "error" : sync.tone === "warn" ? "warn" : "success";
  return { text: [`${prefix}${sync.text}`, move?.text].filter(Boolean).join(" "), tone };
}

export function describeMove(move: MoveSummary): Described {
  if (move.subscriptions === 0) return { text: "No existing subscriptions to move.", tone: "success" };
  const failed = move.outcomes.filter((o) => o.status === "failed");
  const text = `Existing subscriptions: ${move.moved} moved to the new prices, ${move.subscriptions - move.moved - move.failed} already current.`;
  if (!failed.length) return { text, tone: "success" };
  return { text: `${text} ${failed.length} could not be moved (${failed[0]?.detail ?? "unknown error"}); use "Move subscriptions" to retry.`, tone: "error" };
}
