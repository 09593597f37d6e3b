/** The `error` object Stripe returns; field names follow Stripe's API. */
export interface StripeErrorBody {
  type: string;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  doc_url?: string;
}

/** An API failure with the HTTP status, Stripe's error body and any extra response headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = "ApiError";
  }
}

function withDoc(body: StripeErrorBody): StripeErrorBody {
  return body.code ? { ...body, doc_url: `https://stripe.com/docs/error-codes/${body.code.replace(/_/g, "-")}` } : body;
}

export function invalidRequest(message: string, extra: { code?: string; param?: string } = {}, status = 400): ApiError {
  return new ApiError(status, withDoc({ type: "invalid_request_error", message, ...extra }));
}

export const missingParam = (param: string) =>
  invalidRequest(`Missing required param: ${param}.`, { code: "parameter_missing", param });

export const unknownParam = (param: string) =>
  invalidRequest(`Received unknown parameter: ${param}`, { code: "parameter_unknown", param });

export const invalidParam = (param: string, message: string, code = "parameter_invalid") =>
  invalidRequest(message, { code, param });

/** Stripe words a missing object as `No such <kind>: '<id>'` with a 404. */
export const noSuch = (kind: string, id: string, param = "id") =>
  invalidRequest(`No such ${kind}: '${id}'`, { code: "resource_missing", param }, 404);

export const unrecognizedUrl = (method: string, path: string) =>
  invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    {},
    404,
  );

export const unauthorized = (message: string) => new ApiError(401, { type: "invalid_request_error", message });

export const cardDeclined = (message = "Your card was declined.") =>
  new ApiError(402, withDoc({ type: "card_error", code: "card_declined", decline_code: "generic_decline", message }));

export const idempotencyMismatch = (key: string, why: "parameters" | "endpoint") =>
  new ApiError(400, {
    type: "idempotency_error",
    message:
      why === "parameters"
        ? `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`
        : `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${key}'). Try using a different key if you meant to execute a different request.`,
  });
