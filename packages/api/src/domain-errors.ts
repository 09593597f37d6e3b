import { AppError, type AppErrorCode } from "./errors";

/**
 * Errors thrown by the packages below the API carry their own codes (billing: snake_case
 * `BillingError`). This maps them onto AppError codes; the rest of the mapping (AppError →
 * tRPC/HTTP) stays in errors.ts.
 */
const billingCodes: Record<string, AppErrorCode> = {
  customer_not_found: "NOT_FOUND",
  plan_not_found: "NOT_FOUND",
  rate_not_found: "NOT_FOUND",
  meter_not_found: "NOT_FOUND",
  line_not_found: "NOT_FOUND",
  no_plan: "PRECONDITION_FAILED",
  stripe_not_synced: "PRECONDITION_FAILED",
  invalid_input: "INVALID_INPUT",
};

export function translateDomainError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (typeof error !== "object" || error === null) return null;
  const { name, code, message } = error as { name?: unknown; code?: unknown; message?: unknown };
  if (name === "BillingError" && typeof code === "string") {
    return new AppError(billingCodes[code] ?? "INTERNAL", typeof message === "string" ? message : code, { cause: error });
  }
  return null;
}
