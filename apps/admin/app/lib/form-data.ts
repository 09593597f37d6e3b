/** Reading posted forms: trimmed strings, with absent fields as "" so callers never see null. */
export function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}

/** A whole number typed into a form, or an error message naming the field. */
export function wholeNumber(
  value: string,
  label: string,
  options: { min?: number; allowSigned?: boolean } = {},
): { ok: true; value: number } | { ok: false; error: string } {
  const cleaned = value.replace(/[,_\s]/g, "");
  const pattern = options.allowSigned ? /^[-+]?\d+$/ : /^\d+$/;
  if (!pattern.test(cleaned)) return { ok: false, error: `${label} must be a whole number.` };
  if (cleaned.replace(/^[-+]/, "").length > 15) return { ok: false, error: `${label} is too large.` };
  const n = Number(cleaned);
  if (options.min !== undefined && n < options.min) return { ok: false, error: `${label} must be at least ${options.min}.` };
  return { ok: true, value: n };
}
