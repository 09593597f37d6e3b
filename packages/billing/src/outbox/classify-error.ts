/** What a failed Stripe call means for a report. */
export type SendOutcome =
  | { kind: "duplicate"; detail: string }
  | { kind: "retry"; detail: string }
  | { kind: "permanent"; detail: string };

interface StripeLikeError {
  type?: string;
  statusCode?: number;
  code?: string;
  message?: string;
}

/**
 * Stripe's duplicate-identifier rejection means the event was delivered earlier (the first try's
 * answer was lost): it is success, never a failure, or metering would stall on that report.
 * 429, 5xx, timeouts and dropped connections are transient. 401/403 are treated as transient too:
 * a rotated key is an operator problem and must not dead-letter the whole outbox. Every other 4xx
 * is a property of the report and will not change on retry.
 */
export function classifySendError(error: unknown): SendOutcome {
  const e = (error ?? {}) as StripeLikeError;
  const detail = `${e.statusCode ?? "no status"} ${e.code ?? e.type ?? ""}: ${e.message ?? String(error)}`.slice(0, 500);
  if (isDuplicateIdentifier(e)) return { kind: "duplicate", detail };
  const status = e.statusCode;
  if (status === undefined || e.type === "StripeConnectionError") return { kind: "retry", detail };
  if (status === 429 || status >= 500 || status === 401 || status === 403 || status === 409) return { kind: "retry", detail };
  return { kind: "permanent", detail };
}

function isDuplicateIdentifier(e: StripeLikeError): boolean {
  if (e.statusCode !== 400 && e.statusCode !== 409) return false;
  if (e.code && /duplicate/i.test(e.code)) return true;
  return /identifier/i.test(e.message ?? "") && /(already|duplicate)/i.test(e.message ?? "");
}
