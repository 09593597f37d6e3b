import { Form, useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import { Field } from "../ui/field";
import { buttonStyles, inputStyles, labelStyles } from "../ui/styles";
import { RateRows, type CatalogModel, type RateRowValue } from "./rate-rows";

export interface PlanFormValues {
  code: string;
  name: string;
  description: string;
  baseFee: string;
  hardCap: string;
  tokensPerMinute: string;
  requestsPerMinute: string;
  contextPolicy: "reject" | "truncate";
  billPromptAs: "sent" | "effective";
  flushPolicy: "immediate" | "batched";
  flushIntervalSeconds: string;
  isPublic: boolean;
  rates: RateRowValue[];
}

export const emptyPlan: PlanFormValues = {
  code: "",
  name: "",
  description: "",
  baseFee: "0.00",
  hardCap: "",
  tokensPerMinute: "100000",
  requestsPerMinute: "60",
  contextPolicy: "reject",
  billPromptAs: "sent",
  flushPolicy: "batched",
  flushIntervalSeconds: "3600",
  isPublic: true,
  rates: [],
};

interface PlanFormProps {
  mode: "create" | "edit";
  values: PlanFormValues;
  catalog: CatalogModel[];
  errors: Record<string, string[] | undefined>;
  /** Shown above the save button: what saving does (Stripe sync, rate versions). */
  saveNote: ReactNode;
}

export function PlanForm({ mode, values, catalog, errors, saveNote }: PlanFormProps) {
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";
  const error = (name: string) => errors[name]?.[0];
  return (
    <Form method="post" noValidate className="space-y-8">
      <input type="hidden" name="intent" value="save" />
      <div className="grid gap-5 sm:grid-cols-2">
        {mode === "create" ? (
          <Field name="code" label="Code" defaultValue={values.code} required error={error("code")} hint="Lower-case letters, digits, - and _. Used in Stripe lookup keys; cannot change later." />
        ) : null}
        <Field name="name" label="Name" defaultValue={values.name} required error={error("name")} />
        <div className="sm:col-span-2">
          <label htmlFor="field-description" className={labelStyles}>
            Description
          </label>
          <textarea id="field-description" name="description" rows={2} defaultValue={values.description} className={`mt-1 ${inputStyles}`} />
        </div>
        <Field name="baseFee" label="Base fee per month" prefix="$" inputMode="decimal" defaultValue={values.baseFee} error={error("baseFee")} />
        <Field name="hardCap" label="Hard spending cap per period" prefix="$" inputMode="decimal" defaultValue={values.hardCap} error={error("hardCap")} hint="Leave empty for no cap. Requests that could exceed it are refused." />
        <Field name="tokensPerMinute" label="Tokens per minute" inputMode="numeric" defaultValue={values.tokensPerMinute} error={error("tokensPerMinute")} />
        <Field name="requestsPerMinute" label="Requests per minute" inputMode="numeric" defaultValue={values.requestsPerMinute} error={error("requestsPerMinute")} />
        <Select name="contextPolicy" label="When a prompt exceeds the context window" defaultValue={values.contextPolicy} options={[["reject", "Reject the request (context_length_exceeded)"], ["truncate", "Truncate the oldest messages"]]} />
        <Select name="billPromptAs" label="Bill prompt tokens as" defaultValue={values.billPromptAs} options={[["sent", "Sent by the customer"], ["effective", "Effective, after truncation"]]} />
        <Select name="flushPolicy" label="Report usage to Stripe" defaultValue={values.flushPolicy} options={[["batched", "Batched, on an interval"], ["immediate", "Immediately after each request"]]} />
        <Field name="flushIntervalSeconds" label="Flush interval" suffix="seconds" inputMode="numeric" defaultValue={values.flushIntervalSeconds} error={error("flushIntervalSeconds")} hint="For batched reporting; at least 60." />
        <div className="flex items-center gap-2 sm:col-span-2">
          <input id="field-isPublic" name="isPublic" type="checkbox" defaultChecked={values.isPublic} className="size-4 rounded border-slate-300 text-indigo-600" />
          <label htmlFor="field-isPublic" className="text-sm text-slate-700">
            Public: listed on the pricing page and available at checkout
          </label>
        </div>
      </div>
      <RateRows initial={values.rates} catalog={catalog} errors={errors} />
      <div className="space-y-4 border-t border-slate-100 pt-6">
        <div className="text-sm text-slate-600">{saveNote}</div>
        <button type="submit" disabled={saving} className={buttonStyles.primary}>
          {saving ? "Saving and syncing to Stripe…" : mode === "create" ? "Create plan" : "Save changes"}
        </button>
      </div>
    </Form>
  );
}

function Select({ name, label, defaultValue, options }: { name: string; label: string; defaultValue: string; options: [string, string][] }) {
  return (
    <div>
      <label htmlFor={`field-${name}`} className={labelStyles}>
        {label}
      </label>
      <select id={`field-${name}`} name={name} defaultValue={defaultValue} className={`mt-1 ${inputStyles}`}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
