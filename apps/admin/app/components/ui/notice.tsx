import type { ReactNode } from "react";

/** The outcome of a form post: a polite status on success, an alert on failure. */
export function Notice({ tone, children }: { tone: "success" | "error" | "info" | "warn"; children: ReactNode }) {
  const styles = {
    success: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
    error: "bg-red-50 text-red-800 ring-red-600/20",
    info: "bg-sky-50 text-sky-800 ring-sky-600/20",
    warn: "bg-amber-50 text-amber-900 ring-amber-600/20",
  }[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-lg px-4 py-3 text-sm ring-1 ring-inset ${styles}`}>
      {children}
    </div>
  );
}

export function ActionNotice({
  result,
  intent,
}: {
  result: { ok: boolean; intent: string; message: string; tone?: "success" | "warn" | "error" } | undefined;
  intent?: string | string[];
}) {
  if (!result) return null;
  if (intent && !(Array.isArray(intent) ? intent.includes(result.intent) : result.intent === intent)) return null;
  return <Notice tone={result.ok ? (result.tone ?? "success") : "error"}>{result.message}</Notice>;
}
