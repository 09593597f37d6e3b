import { sql } from "kysely";
import type { Db } from "../db";
import { backoffDelayMs, type BackoffPolicy } from "./backoff";
import type { ClaimedReport } from "./claim";

export type Settlement =
  | { kind: "sent"; note?: string }
  | { kind: "retry"; error: string }
  | { kind: "dead"; error: string };

/**
 * Records the outcome of one send. Guarded by the claim token: a sender whose lease expired and
 * whose report was meanwhile finished by another worker changes nothing.
 * Returns the status written, or null when the guard did not match.
 */
export async function settleReport(db: Db, report: ClaimedReport, settlement: Settlement, policy: BackoffPolicy): Promise<string | null> {
  const attempts = report.attempts + 1;
  let update;
  if (settlement.kind === "sent") {
    update = sql`status = 'sent', sent_at = now(), attempts = ${attempts}, last_error = ${settlement.note ?? null}, claimed_until = NULL`;
  } else if (settlement.kind === "dead" || attempts >= policy.maxAttempts) {
    const error = settlement.kind === "dead" ? settlement.error : `gave up after ${attempts} attempts: ${settlement.error}`;
    update = sql`status = 'dead', attempts = ${attempts}, last_error = ${error}, claimed_until = NULL`;
  } else {
    const delay = backoffDelayMs(attempts, policy);
    update = sql`status = 'failed', attempts = ${attempts}, last_error = ${settlement.error},
      next_attempt_at = now() + make_interval(secs => ${delay / 1000}), claimed_until = NULL`;
  }
  const { rows } = await sql<{ status: string }>`
    UPDATE meter_reports SET ${update}
    WHERE id = ${report.id} AND claim_token = ${report.claim_token} AND status IN ('pending', 'failed')
    RETURNING status`.execute(db);
  return rows[0]?.status ?? null;
}
