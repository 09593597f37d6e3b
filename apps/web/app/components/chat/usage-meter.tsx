import { Meter } from "@meterkit/ui";
import type { ReplyState } from "~/lib/chat-reply";
import { formatCount, formatPercent } from "~/lib/format";
import { formatMicros } from "~/lib/money";

/**
 * The live meter of the reply being written: tokens in and out, cost so far and how full the
 * context window is. Numbers tick with each usage part; after `done` they are the ledger's.
 */
export function UsageMeter({ usage, live }: { usage: NonNullable<ReplyState["usage"]>; live: boolean }) {
  const fill = usage.contextFill;
  return (
    <div data-testid="usage-meter" aria-live="off" className="rounded-lg bg-slate-50 px-3 py-2 text-xs text-slate-600 ring-1 ring-slate-200">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 tabular-nums">
        <span>
          <span className="text-slate-500">in</span> <span data-testid="meter-prompt-tokens">{formatCount(usage.promptTokens)}</span>
        </span>
        <span>
          <span className="text-slate-500">out</span> <span data-testid="meter-completion-tokens">{formatCount(usage.completionTokens)}</span>
        </span>
        <span>
          <span className="text-slate-500">{live ? "cost so far" : "cost"}</span>{" "}
          <span data-testid="meter-cost" className="font-medium text-slate-900">{formatMicros(usage.costMicros)}</span>
        </span>
        {usage.contextWindow > 0 ? (
          <span className="ml-auto flex min-w-40 items-center gap-2">
            <span className="text-slate-500">context</span>
            <Meter label="Context window used" ratio={fill} tone={fill > 0.9 ? "danger" : fill > 0.7 ? "warning" : "brand"} />
            <span data-testid="meter-context">{formatPercent(fill)}</span>
          </span>
        ) : null}
      </div>
    </div>
  );
}
