import { AppError, fieldErrorsOf, type FieldErrors } from "@meterkit/api";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

export interface FormFailure {
  /** Shown at the top of the form when no field error explains it. */
  message: string;
  fieldErrors: FieldErrors;
}

/**
 * An action's failure as the form shows it, with the HTTP status it deserves, for errors the
 * API raises on purpose (AppError, tRPC input validation). Anything else is a bug: rethrown, so
 * the route's error boundary shows it and the log has the stack.
 */
export function toFormFailure(error: unknown): { failure: FormFailure; status: number } {
  if (error instanceof AppError) {
    return { failure: { message: error.message, fieldErrors: error.fieldErrors ?? {} }, status: error.httpStatus };
  }
  if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
    const fieldErrors = fieldErrorsOf(error) ?? {};
    const first = Object.values(fieldErrors)[0]?.[0];
    return { failure: { message: first ?? error.message, fieldErrors }, status: getHTTPStatusCodeFromError(error) };
  }
  throw error;
}
