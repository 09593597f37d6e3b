import type { Db } from "../../context";
import { AppError } from "../../errors";

/**
 * A conversation may use a model the customer's plan has a current rate for. Without a plan
 * (not subscribed yet) any priced model may be chosen; sending a message still requires an
 * active subscription, which the chat endpoint checks.
 */
export async function assertModelAllowed(db: Db, customerId: string, model: string): Promise<void> {
  const customer = await db.selectFrom("customers").select("plan_id").where("id", "=", customerId).executeTakeFirst();
  let query = db.selectFrom("plan_rates").select("id").where("model", "=", model).where("superseded_at", "is", null);
  if (customer?.plan_id) query = query.where("plan_id", "=", customer.plan_id);
  const rate = await query.limit(1).executeTakeFirst();
  if (rate) return;
  const message = customer?.plan_id
    ? `Your plan does not include the model "${model}".`
    : `Unknown model "${model}".`;
  throw new AppError("INVALID_INPUT", message, { fieldErrors: { model: [message] } });
}
