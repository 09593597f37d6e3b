import { MICROS_PER_CENT } from "@meterkit/billing";
import { z } from "zod";
import { idSchema, pageSchema, reasonSchema } from "../../../lib/ids";
import { planCodeSchema } from "../../billing/billing.types";

export const findCustomersInput = pageSchema
  .extend({
    query: z.string().trim().max(200).optional(),
    status: z.enum(["none", "incomplete", "trialing", "active", "past_due", "canceled", "unpaid", "suspended"]).optional(),
  })
  .default({ limit: 25 });

export const customerIdInput = z.object({ id: idSchema });
export const suspendInput = z.object({ id: idSchema, reason: reasonSchema });
export const resumeInput = z.object({ id: idSchema, reason: reasonSchema });

/** Lets a double-clicked form grant once: the same key records the same ledger event. */
const idempotencyKey = z.uuid({ error: "Not a valid idempotency key." }).optional();

export const grantCreditInput = z.object({
  customerId: idSchema,
  amountMicros: z
    .number({ error: "Enter the credit in micro-units (1 USD = 1000000)." })
    .int({ error: "The credit is a whole number of micro-units." })
    .min(1, { error: "The credit must be positive." })
    .max(1_000_000_000_000, { error: "The credit is larger than this form allows (1 million)." })
    // Stripe holds the customer's balance in cents; the invoice could not carry a fraction.
    .refine((micros) => micros % MICROS_PER_CENT === 0, { error: "A credit is applied to the Stripe invoice in whole cents: enter at most two decimals." }),
  note: reasonSchema,
  idempotencyKey,
});

export const retryCreditInput = z.object({ customerId: idSchema, transferId: idSchema, reason: reasonSchema });

const tokenDelta = z
  .number()
  .int({ error: "Token corrections are whole numbers." })
  .min(-1_000_000_000_000)
  .max(1_000_000_000_000)
  .default(0);

export const adjustUsageInput = z
  .object({
    customerId: idSchema,
    model: z.string({ error: "Name the model whose meters to correct." }).trim().min(1).max(100),
    inputTokens: tokenDelta,
    cachedInputTokens: tokenDelta,
    outputTokens: tokenDelta,
    note: reasonSchema,
    idempotencyKey,
  })
  .refine((v) => v.inputTokens !== 0 || v.cachedInputTokens !== 0 || v.outputTokens !== 0, {
    error: "Enter a non-zero correction for at least one token class.",
    path: ["inputTokens"],
  })
  // One event either adds or takes back tokens, so its cost has one sign; mixed corrections are two events.
  .refine((v) => !([v.inputTokens, v.cachedInputTokens, v.outputTokens].some((n) => n > 0) && [v.inputTokens, v.cachedInputTokens, v.outputTokens].some((n) => n < 0)), {
    error: "A correction either adds or takes back tokens; record two adjustments for mixed signs.",
    path: ["outputTokens"],
  });

export const changePlanInput = z.object({ customerId: idSchema, planCode: planCodeSchema, reason: reasonSchema });
