import { redirect } from "@remix-run/node";
import { text, wholeNumber } from "../form-data";
import { parseDollarsToMicros } from "../money";
import type { AdminApi } from "./admin-api.server";
import { billingPeriodWindow } from "./billing-period-window.server";
import { invalid, loadOrThrow, runAction } from "./results.server";

/** The API calls a note `note`; the dialogs call every free-text field `reason`. */
const noteAsReason = (key: string) => (key === "note" ? "reason" : key);
/** The credit dialog's fields under the API's names: `note` and the amount in micro-units. */
const creditField = (key: string) => (key === "amountMicros" ? "amount" : noteAsReason(key));

/** Runs one customer action posted from the detail page's dialogs. */
export async function customerAction(api: AdminApi, customerId: string, form: FormData) {
  const intent = text(form, "intent");
  const reason = text(form, "reason");
  const idempotencyKey = text(form, "idempotencyKey") || undefined;
  switch (intent) {
    case "suspend":
      return runAction(intent, () => api.customers.suspend({ id: customerId, reason }), "Customer suspended: chat and API keys are blocked.");
    case "resume":
      return runAction(intent, () => api.customers.resume({ id: customerId, reason }), "Customer resumed: chat and API keys work again.");
    case "grantCredit": {
      const amount = parseDollarsToMicros(text(form, "amount"));
      if (!amount.ok) return invalid(intent, { amount: [amount.error] }, amount.error);
      if (amount.micros === 0) return invalid(intent, { amount: ["The credit must be more than $0."] }, "The credit must be more than $0.");
      return runAction(
        intent,
        () => api.customers.grantCredit({ customerId, amountMicros: amount.micros, note: reason, idempotencyKey }),
        (r) =>
          r.created
            ? "Credit granted: recorded in the ledger and queued for the customer's Stripe balance, which lowers their next invoice."
            : "This credit was already granted (same form submitted twice); nothing new was recorded.",
        creditField,
      );
    }
    case "adjustUsage": {
      const fields = ["inputTokens", "cachedInputTokens", "outputTokens"] as const;
      const values: Record<string, number> = {};
      const errors: Record<string, string[]> = {};
      for (const name of fields) {
        const parsed = wholeNumber(text(form, name) || "0", "Token count", { allowSigned: true });
        if (parsed.ok) values[name] = parsed.value;
        else errors[name] = [parsed.error];
      }
      if (Object.keys(errors).length) return invalid(intent, errors);
      return runAction(
        intent,
        () => api.customers.adjustUsage({ customerId, model: text(form, "model"), ...values, note: reason, idempotencyKey }),
        (r) => (r.created ? "Adjustment recorded in the ledger; it reaches Stripe with the next flush." : "This adjustment was already recorded; nothing new was added."),
        noteAsReason,
      );
    }
    case "retryCredit":
      return runAction(intent, () => api.customers.retryCredit({ customerId, transferId: text(form, "transferId"), reason }), "The credit will be sent to Stripe again within seconds.");
    case "changePlan":
      return runAction(
        intent,
        () => api.customers.changePlan({ customerId, planCode: text(form, "planCode"), reason }),
        (r) =>
          r.stripe === "swapped"
            ? `Plan changed to ${r.customer.plan?.name ?? "the new plan"}; the Stripe subscription now uses its prices.`
            : r.stripe === "unchanged"
              ? "The customer is already on that plan."
              : `Plan changed to ${r.customer.plan?.name ?? "the new plan"} (no Stripe subscription to update).`,
      );
    case "reconcilePeriod": {
      const { customer } = await loadOrThrow(api.customers.get({ id: customerId }));
      const window = billingPeriodWindow(customer, text(form, "period") === "previous" ? "previous" : "current");
      if (!window) return invalid(intent, {}, "This customer has no billing period yet: they have not subscribed.");
      const outcome = await runAction(intent, () => api.reconciliation.run({ ...window, customerId }), "Reconciliation finished.");
      if (!("ok" in outcome) || !outcome.ok) return outcome;
      throw redirect(`/reconciliation/${outcome.result.runId}`);
    }
    default:
      return invalid(intent || "unknown", {}, "Unknown action.");
  }
}
