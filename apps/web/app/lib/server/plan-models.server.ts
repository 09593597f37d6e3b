import { getPlanWithRates } from "@meterkit/db";
import type { ModelOption } from "~/components/chat/composer";
import { db } from "./db.server";

/** The models a plan prices today, with their rates: the chat's model picker offers exactly these. */
export async function planModels(planId: string | null | undefined): Promise<ModelOption[]> {
  if (!planId) return [];
  const plan = await getPlanWithRates(db, planId);
  return (plan?.rates ?? []).map((r) => ({ model: r.model, inputMicrosPerMtok: r.input_micros_per_mtok, outputMicrosPerMtok: r.output_micros_per_mtok }));
}
