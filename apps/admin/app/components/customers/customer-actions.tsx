import { useActionData } from "@remix-run/react";
import { ConfirmAction } from "../ui/confirm-action";
import { Field } from "../ui/field";
import { inputStyles, labelStyles } from "../ui/styles";

interface Props {
  customer: { id: string; name: string; suspendedAt: string | null; plan: { code: string; name: string } | null };
  plans: { code: string; name: string }[];
  models: string[];
  idempotencyKey: string;
}

type Result = { ok: boolean; intent: string; fieldErrors?: Record<string, string[]> } | undefined;

/** Account actions, each behind a dialog that says what will happen and asks for a reason. */
export function CustomerActions({ customer, plans, models, idempotencyKey }: Props) {
  const result = useActionData() as Result;
  const fieldError = (intent: string, name: string) => (result && !result.ok && result.intent === intent ? result.fieldErrors?.[name]?.[0] : undefined);
  const otherPlans = plans.filter((p) => p.code !== customer.plan?.code);
  return (
    <>
      {customer.suspendedAt ? (
        <ConfirmAction
          key="resume"
          intent="resume"
          triggerLabel="Resume"
          title={`Resume ${customer.name}?`}
          description="Chat works again at once, API keys within two seconds."
          confirmLabel="Resume access"
          reasonLabel="Reason (kept in the audit log)"
        />
      ) : (
        <ConfirmAction
          key="suspend"
          intent="suspend"
          triggerLabel="Suspend"
          triggerTone="danger"
          title={`Suspend ${customer.name}?`}
          description="Chat stops at once and every API key within two seconds on every server (requests get a 403 saying the account is suspended). Data, usage and billing stay as they are; you can resume at any time."
          confirmLabel="Suspend now"
          tone="danger"
          reasonLabel="Reason (kept in the audit log)"
        />
      )}
      <ConfirmAction
        intent="grantCredit"
        fields={{ idempotencyKey }}
        triggerLabel="Grant credit"
        title="Grant a credit"
        description="Adds a credit event to the ledger (a negative amount, no tokens) and sends it to the customer's Stripe balance, which Stripe applies to their next invoice. Whole cents only; nothing existing is edited."
        confirmLabel="Grant credit"
        reasonLabel="Note (kept with the ledger event and in the audit log)"
      >
        <Field name="amount" label="Amount" prefix="$" inputMode="decimal" required error={fieldError("grantCredit", "amount")} />
      </ConfirmAction>
      <ConfirmAction
        intent="adjustUsage"
        fields={{ idempotencyKey }}
        triggerLabel="Adjust usage"
        title="Adjust billed tokens"
        description="Records an adjustment event in the ledger, costed at the customer's current rate and reported to Stripe's meters like any usage. Use negative numbers to take tokens back; one adjustment either adds or removes."
        confirmLabel="Record adjustment"
        reasonLabel="Note (kept with the ledger event and in the audit log)"
      >
        <div>
          <label htmlFor="adjust-model" className={labelStyles}>
            Model
          </label>
          <select id="adjust-model" name="model" className={`mt-1 ${inputStyles}`}>
            {models.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
        </div>
        <div className="grid grid-cols-3 gap-3">
          <Field name="inputTokens" label="Input tokens" inputMode="numeric" defaultValue="0" error={fieldError("adjustUsage", "inputTokens")} />
          <Field name="cachedInputTokens" label="Cached input" inputMode="numeric" defaultValue="0" error={fieldError("adjustUsage", "cachedInputTokens")} />
          <Field name="outputTokens" label="Output tokens" inputMode="numeric" defaultValue="0" error={fieldError("adjustUsage", "outputTokens")} />
        </div>
      </ConfirmAction>
      <ConfirmAction
        intent="changePlan"
        triggerLabel="Change plan"
        title="Change plan"
        description="Swaps the Stripe subscription to the new plan's prices (the base fee is prorated), then moves the customer. New usage is costed with the new plan's rates."
        confirmLabel="Change plan"
        reasonLabel="Reason (kept in the audit log)"
      >
        <div>
          <label htmlFor="change-plan" className={labelStyles}>
            New plan
          </label>
          <select id="change-plan" name="planCode" className={`mt-1 ${inputStyles}`}>
            {otherPlans.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name} ({p.code})
              </option>
            ))}
          </select>
          {fieldError("changePlan", "planCode") ? <p className="mt-1 text-sm text-red-600">{fieldError("changePlan", "planCode")}</p> : null}
        </div>
      </ConfirmAction>
    </>
  );
}
