import { fieldErrorsOf, type FieldErrors } from "@meterkit/api";
import { data } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";

export type ActionFailure = { ok: false; intent: string; message: string; fieldErrors: FieldErrors };
export type ActionSuccess<T> = { ok: true; intent: string; message: string; tone: SuccessTone; result: T };
/** A mutation can succeed and still need attention (e.g. saved, but Stripe was unreachable). */
export type SuccessTone = "success" | "warn" | "error";
type SuccessMessage<T> = string | ((result: T) => string | { text: string; tone: SuccessTone });

/**
 * Runs one admin mutation for a form. Expected failures (validation, not found, conflicts,
 * Stripe unavailable) come back as data the form shows next to its fields, with the HTTP
 * status the API chose; anything else is a real bug and goes to the error boundary.
 */
export async function runAction<T>(
  intent: string,
  work: () => Promise<T>,
  successMessage: SuccessMessage<T>,
  /** Renames the API's field keys to the form's input names when they differ. */
  renameField: (key: string) => string = (key) => key,
) {
  try {
    const result = await work();
    const described = typeof successMessage === "function" ? successMessage(result) : successMessage;
    const { text, tone } = typeof described === "string" ? { text: described, tone: "success" as const } : described;
    return { ok: true, intent, message: text, tone, result } satisfies ActionSuccess<T>;
  } catch (error) {
    if (!(error instanceof TRPCError) || error.code === "INTERNAL_SERVER_ERROR") throw error;
    const fieldErrors = Object.fromEntries(Object.entries(fieldErrorsOf(error) ?? {}).map(([key, messages]) => [renameField(key), messages]));
    const failure: ActionFailure = { ok: false, intent, message: friendlyMessage(error, fieldErrors), fieldErrors };
    return data(failure, { status: getHTTPStatusCodeFromError(error) });
  }
}

/** A local validation failure in the same shape, for checks done before calling the API. */
export function invalid(intent: string, fieldErrors: FieldErrors, message = "Some fields need attention.") {
  return data({ ok: false, intent, message, fieldErrors } satisfies ActionFailure, { status: 400 });
}

/** For loaders: an API "not found" or "forbidden" becomes that HTTP status with its message. */
export async function loadOrThrow<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TRPCError && error.code !== "INTERNAL_SERVER_ERROR") {
      // A malformed id in the URL fails input validation: for a visitor that address simply has no
      // page (404, as a made-up id), said in a sentence rather than the issue list.
      const firstFieldError = Object.values(fieldErrorsOf(error) ?? {})[0]?.[0];
      if (error.code === "BAD_REQUEST" && firstFieldError) throw data(`There is no page at this address: ${firstFieldError.toLowerCase()}`, { status: 404 });
      throw data(error.message, { status: getHTTPStatusCodeFromError(error) });
    }
    throw error;
  }
}

/** tRPC's input validation message is a JSON dump of issues; a form shows one sentence instead. */
function friendlyMessage(error: TRPCError, fieldErrors: FieldErrors): string {
  if (error.code !== "BAD_REQUEST" || !error.message.trim().startsWith("[")) return error.message;
  const count = Object.keys(fieldErrors).length;
  return count === 1 ? "One field needs attention." : `${count} fields need attention.`;
}
