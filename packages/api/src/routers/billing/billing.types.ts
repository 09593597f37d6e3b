import { z } from "zod";

export const planCodeSchema = z
  .string({ error: "Choose a plan." })
  .trim()
  .min(1, { error: "Choose a plan." })
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: "Plan codes are lower-case letters, digits, - and _." });

export const createCheckoutInput = z.object({ planCode: planCodeSchema });

export interface InvoicePreviewView {
  currency: string;
  /** Stripe amounts are in cents; converted to micros (x 10_000) to match the rest of the API. */
  subtotalMicros: number;
  totalMicros: number;
  amountDueMicros: number;
  periodStart: string;
  periodEnd: string;
  lines: { description: string | null; amountMicros: number; quantity: number | null }[];
}
