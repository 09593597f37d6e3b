import type { InputHTMLAttributes, ReactNode } from "react";
import { inputStyles, labelStyles } from "./styles";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  prefix?: string;
  suffix?: string;
}

/** A labelled input with its hint and error tied to it (aria-describedby), so readers hear both. */
export function Field({ name, label, error, hint, prefix, suffix, id, className = "", ...input }: FieldProps) {
  const inputId = id ?? `field-${name}`;
  const describedBy = [hint ? `${inputId}-hint` : null, error ? `${inputId}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={inputId} className={labelStyles}>
        {label}
      </label>
      <div className="mt-1 flex items-center gap-2">
        {prefix ? <span className="text-sm text-slate-500">{prefix}</span> : null}
        <input id={inputId} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={inputStyles} {...input} />
        {suffix ? <span className="text-sm whitespace-nowrap text-slate-500">{suffix}</span> : null}
      </div>
      {hint ? (
        <p id={`${inputId}-hint`} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${inputId}-error`} className="mt-1 text-sm text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
