import { Form, useActionData, useNavigation } from "@remix-run/react";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { buttonStyles, inputStyles, labelStyles } from "./styles";

interface ActionResult {
  ok: boolean;
  intent: string;
  message: string;
  fieldErrors?: Record<string, string[]>;
}

interface ConfirmActionProps {
  intent: string;
  /** Hidden fields posted with the intent (ids and the like). */
  fields?: Record<string, string>;
  triggerLabel: string;
  triggerTone?: keyof typeof buttonStyles;
  title: string;
  /** What will happen, in plain words, shown before the admin confirms. */
  description: ReactNode;
  confirmLabel: string;
  tone?: "primary" | "danger";
  /** Asks for a reason (it goes into the audit log) when set. */
  reasonLabel?: string;
  /** Extra inputs (amounts, plan choice); their names are posted as they are. */
  children?: ReactNode;
}

/**
 * A button that opens a modal asking for confirmation (and a reason) before posting an action.
 * It stays open and shows the error when the action fails; it closes when the action succeeded.
 */
export function ConfirmAction(props: ConfirmActionProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const navigation = useNavigation();
  const result = useActionData() as ActionResult | undefined;
  const submitting = navigation.state === "submitting" && navigation.formData?.get("intent") === props.intent;
  // Seen from the router, not the form's submit event: the router may start the submission a
  // tick later (route discovery), and only its state says when the action and reload are done.
  const [inFlight, setInFlight] = useState(false);
  if (submitting && !inFlight) setInFlight(true);

  useEffect(() => {
    if (!inFlight || navigation.state !== "idle") return;
    setInFlight(false);
    if (result?.intent === props.intent && result.ok) dialog.current?.close();
  }, [inFlight, navigation.state, result, props.intent]);

  const mine = result?.intent === props.intent && !result.ok && !inFlight ? result : undefined;
  const reasonError = mine?.fieldErrors?.reason?.[0] ?? mine?.fieldErrors?.note?.[0];
  return (
    <>
      <button type="button" className={buttonStyles[props.triggerTone ?? "secondary"]} onClick={() => dialog.current?.showModal()}>
        {props.triggerLabel}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="m-auto w-full max-w-lg rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40">
        <Form method="post" className="space-y-4 p-6">
          <input type="hidden" name="intent" value={props.intent} />
          {Object.entries(props.fields ?? {}).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {props.title}
          </h2>
          <div className="text-sm text-slate-600">{props.description}</div>
          {props.children}
          {props.reasonLabel ? (
            <div>
              <label htmlFor={`${titleId}-reason`} className={labelStyles}>
                {props.reasonLabel}
              </label>
              <textarea
                id={`${titleId}-reason`}
                name="reason"
                rows={2}
                required
                minLength={3}
                aria-invalid={reasonError ? true : undefined}
                className={`mt-1 ${inputStyles}`}
              />
              {reasonError ? <p className="mt-1 text-sm text-red-600">{reasonError}</p> : null}
            </div>
          ) : null}
          {mine ? (
            <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
              {mine.message}
            </p>
          ) : null}
          <div className="flex justify-end gap-2 pt-2">
            <button type="button" className={buttonStyles.secondary} onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" disabled={submitting} className={buttonStyles[props.tone ?? "primary"]}>
              {submitting ? "Working…" : props.confirmLabel}
            </button>
          </div>
        </Form>
      </dialog>
    </>
  );
}
