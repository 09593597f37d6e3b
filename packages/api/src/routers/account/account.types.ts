import { z } from "zod";

export const updateBudgetInput = z.object({
  /** Monthly budget in micros (1 USD = 1_000_000); null removes the budget. */
  monthlyBudgetMicros: z
    .number({ error: "Enter the budget as a whole number of micro-dollars." })
    .int({ error: "The budget must be a whole number of micro-dollars." })
    .min(0, { error: "The budget cannot be negative." })
    .max(1_000_000_000_000_000, { error: "The budget is larger than this system accepts (1 billion)." })
    .nullable(),
});

export const subscriptionStatusSchema = z.enum(["none", "incomplete", "trialing", "active", "past_due", "canceled", "unpaid"]);
export type SubscriptionStatus = z.infer<typeof subscriptionStatusSchema>;

export interface SubscriptionView {
  status: SubscriptionStatus;
  /** True when the customer may use the model now (active or trialing, and not suspended). */
  canUseModels: boolean;
  plan: { id: string; code: string; name: string; baseFeeMicros: number; hardCapMicros: number | null } | null;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  hasStripeCustomer: boolean;
  suspended: boolean;
}
