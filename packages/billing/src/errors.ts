/** Every way the billing package can refuse a request; callers switch on `code`, never on message text. */
export type BillingErrorCode =
  | "customer_not_found"
  | "plan_not_found"
  | "no_plan"
  | "rate_not_found"
  | "meter_not_found"
  | "line_not_found"
  | "invalid_input"
  | "stripe_not_synced";

export class BillingError extends Error {
  constructor(
    readonly code: BillingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BillingError";
  }
}
