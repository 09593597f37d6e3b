import { Alert, Badge } from "@meterkit/ui";
import type { ReactNode } from "react";
import type { FinalStatus, UiComponent } from "~/lib/stream-parts";
import { UsageChart } from "../usage-chart";

export function UserMessage({ text }: { text: string }) {
  return (
    <div className="flex justify-end" data-testid="user-message">
      <div className="max-w-[85%] whitespace-pre-wrap rounded-2xl rounded-br-md bg-brand-600 px-4 py-2.5 text-sm text-white shadow-sm">{text}</div>
    </div>
  );
}

const statusBadge: Partial<Record<FinalStatus, ReactNode>> = {
  aborted: <Badge tone="warning">Stopped</Badge>,
  failed: <Badge tone="danger">Failed</Badge>,
  truncated: <Badge tone="neutral">Cut at the length limit</Badge>,
};

export function UiCard({ component }: { component: UiComponent }) {
  if (component.component !== "usage-chart") return null;
  return (
    <div className="mt-3 rounded-xl bg-white p-4 ring-1 ring-slate-200" data-testid="ui-usage-chart">
      <p className="mb-2 text-sm font-semibold text-slate-900">{component.props.title}</p>
      <UsageChart days={component.props.days} currency={component.props.currency} height={200} />
    </div>
  );
}

/** An assistant reply, streaming or stored: its text, its status, its UI cards, its usage line. */
export function AssistantMessage({
  text,
  status,
  streaming = false,
  error,
  ui = [],
  footer,
}: {
  text: string;
  status: FinalStatus | null;
  streaming?: boolean;
  error?: { message: string } | null;
  ui?: UiComponent[];
  footer?: ReactNode;
}) {
  return (
    <div className="flex justify-start" data-testid="assistant-message" data-status={status ?? "streaming"}>
      <div className="w-full max-w-[85%] space-y-2">
        <div className="rounded-2xl rounded-bl-md bg-white px-4 py-2.5 text-sm text-slate-800 shadow-sm ring-1 ring-slate-200">
          {text ? (
            <p className="whitespace-pre-wrap" data-testid="assistant-text">
              {text}
              {streaming ? <span aria-hidden className="ml-0.5 inline-block h-4 w-1.5 animate-pulse bg-slate-400 align-text-bottom" /> : null}
            </p>
          ) : streaming ? (
            <p className="text-slate-500">Thinking…</p>
          ) : (
            <p className="italic text-slate-500">No text was produced.</p>
          )}
          {ui.map((component, i) => (
            <UiCard key={i} component={component} />
          ))}
        </div>
        {error ? <Alert tone="danger">{error.message}</Alert> : null}
        <div className="flex flex-wrap items-center gap-2">
          {status ? statusBadge[status] : null}
          {footer}
        </div>
      </div>
    </div>
  );
}
