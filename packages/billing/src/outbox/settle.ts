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
  const update =
    settlement.kind === "sent"
      ? sql`status = 'sent', sent_at = now(), attempts = ${attempts}, last_error = ${settlement.note ?? null}, claimed_until = NULL`
      : failedAttemptUpdate(settlement, attempts, policy);
  const { rows } = await sql<{ status: string }>`
    UPDATE meter_reports SET ${update}
    WHERE id = ${report.id} AND claim_token = ${report.claim_token} AND status IN ('pending', 'failed')
    RETURNING status`.execute(db);
  return rows[0]?.status ?? null;
}

/**
 * The SET list for an attempt that failed, shared by every outbox that retries with backoff:
 * `dead` when the failure is permanent or the attempts are used up, else `failed` and due again
 * after the backoff. The claim is released either way.
 */
export function failedAttemptUpdate(failure: { kind: "retry" | "dead"; error: string }, attempts: number, policy: BackoffPolicy) {
  if (failure.kind === "dead" || attempts >= policy.maxAttempts) {
    const error = failure.kind === "dead" ? failure.error : `gave up after ${attempts} attempts: ${failure.error}`;
    return sql`status = 'dead', attempts = ${attempts}, last_error = ${error}, claimed_until = NULL`;
  }
  const delay = backoffDelayMs(attempts, policy);
  return sql`status = 'failed', attempts = ${attempts}, last_error = ${failure.error},
      next_attempt_at = now() + make_interval(secs => ${delay / 1000}), claimed_until = NULL`;
}
