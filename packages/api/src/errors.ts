import { TRPCError } from "@trpc/server";

/**
 * Every failure the API reports on purpose has one of these codes. The table below is the only
 * place that decides which tRPC code (and therefore which HTTP status) a code becomes, so the
 * customer app, the admin portal and the /v1 gateway all answer the same way.
 */
export const appErrorCodes = {
  INVALID_INPUT: { trpc: "BAD_REQUEST", http: 400 },
  UNAUTHENTICATED: { trpc: "UNAUTHORIZED", http: 401 },
  INVALID_CREDENTIALS: { trpc: "UNAUTHORIZED", http: 401 },
  INVALID_TOKEN: { trpc: "BAD_REQUEST", http: 400 },
  FORBIDDEN: { trpc: "FORBIDDEN", http: 403 },
  ACCOUNT_SUSPENDED: { trpc: "FORBIDDEN", http: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", http: 404 },
  ALREADY_EXISTS: { trpc: "CONFLICT", http: 409 },
  CONFLICT: { trpc: "CONFLICT", http: 409 },
  PRECONDITION_FAILED: { trpc: "PRECONDITION_FAILED", http: 412 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", http: 429 },
  BILLING_UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", http: 503 },
  UPSTREAM_FAILED: { trpc: "BAD_GATEWAY", http: 502 },
  INTERNAL: { trpc: "INTERNAL_SERVER_ERROR", http: 500 },
} as const satisfies Record<string, { trpc: TRPCError["code"]; http: number }>;

export type AppErrorCode = keyof typeof appErrorCodes;

/** Field name → messages, shown next to the form field that caused them. */
export type FieldErrors = Record<string, string[]>;

/**
 * The one error type of the API. It extends TRPCError so that tRPC keeps it as it is (code,
 * message, HTTP status) instead of wrapping it into an opaque 500; outside tRPC, `httpStatus`
 * gives the status for a Remix action or the /v1 gateway.
 */
export class AppError extends TRPCError {
  readonly appCode: AppErrorCode;
  readonly httpStatus: number;
  readonly fieldErrors: FieldErrors | undefined;

  constructor(appCode: AppErrorCode, message: string, options: { fieldErrors?: FieldErrors; cause?: unknown } = {}) {
    super({ code: appErrorCodes[appCode].trpc, message, cause: options.cause });
    this.name = "AppError";
    this.appCode = appCode;
    this.httpStatus = appErrorCodes[appCode].http;
    this.fieldErrors = options.fieldErrors;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Validation issues (zod or any Standard Schema) → field errors keyed by dotted path. */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{ path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string }>,
): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key =
      (issue.path ?? []).map((p) => String(typeof p === "object" && p !== null ? p.key : p)).join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/** Reads the issues array off a validation error, whatever library threw it. */
export function issuesOf(
  error: unknown,
): ReadonlyArray<{ path?: ReadonlyArray<PropertyKey | { key: PropertyKey }>; message: string }> | null {
  if (typeof error !== "object" || error === null || !("issues" in error)) return null;
  const issues = (error as { issues: unknown }).issues;
  return Array.isArray(issues) ? issues : null;
}

/** Throws INVALID_INPUT with field errors when a schema rejects a value (used outside tRPC). */
export function parseOrThrow<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: unknown } },
  value: unknown,
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsFromIssues(issuesOf(result.error) ?? []);
  const first = Object.entries(fieldErrors)[0];
  const message = first ? `${first[0]}: ${first[1][0]}` : "Invalid input";
  throw new AppError("INVALID_INPUT", message, { fieldErrors, cause: result.error });
}

/**
 * Field errors for a form, from whatever a procedure threw: an AppError's own field errors, or
 * the schema issues of tRPC's input validation (a BAD_REQUEST whose cause carries `issues`).
 */
export function fieldErrorsOf(error: unknown): FieldErrors | null {
  if (error instanceof AppError) return error.fieldErrors ?? null;
  if (error instanceof TRPCError) {
    const issues = issuesOf(error.cause);
    return issues ? fieldErrorsFromIssues(issues) : null;
  }
  return null;
}
