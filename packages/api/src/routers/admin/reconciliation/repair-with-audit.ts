import { repairLine } from "@meterkit/billing";
import type Stripe from "stripe";
import type { Db } from "../../../context";
import { writeAudit } from "../write-audit";
import { linesQuery, toLineView } from "./views";

/**
 * Repairs one line (billing re-measures it first, so a line fixed meanwhile is left alone) and
 * records before/after in the audit log, also when the repair throws.
 */
export async function repairWithAudit(db: Db, stripe: Stripe, adminId: string, lineId: string) {
  const before = toLineView(await linesQuery(db).where("l.id", "=", lineId).executeTakeFirstOrThrow());
  try {
    const result = await repairLine(db, stripe, lineId);
    const after = toLineView(await linesQuery(db).where("l.id", "=", lineId).executeTakeFirstOrThrow());
    await writeAudit(db, adminId, { action: "reconciliation.repair", targetType: "reconciliation_line", targetId: lineId, before, after: { ...after, result } });
    return { line: after, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await writeAudit(db, adminId, { action: "reconciliation.repair", targetType: "reconciliation_line", targetId: lineId, before, after: { error: message } });
    throw error;
  }
}
