import { DEMO_MODEL } from "@meterkit/llm";
import { buttonClass } from "@meterkit/ui";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Outlet, useLoaderData } from "@remix-run/react";
import { ConversationList } from "~/components/chat/conversation-list";
import { RouteError } from "~/components/route-error";
import { requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { runtimeModes } from "~/lib/server/modes.server";
import { planModels } from "~/lib/server/plan-models.server";

export const meta: MetaFunction = () => [{ title: "Chat · Meterkit" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const caller = callerFor(user, request, context.ip);
  const [list, subscription] = await Promise.all([caller.conversations.find({ limit: 50 }), caller.account.getSubscription()]);
  const models = await planModels(subscription.plan?.id);
  // On the local stack only the demo model really answers; elsewhere the plan's first model.
  const demo = runtimeModes().model === "demo" ? models.find((m) => m.model === DEMO_MODEL) : undefined;
  return {
    conversations: list.items,
    subscription: { canUseModels: subscription.canUseModels, status: subscription.status, planName: subscription.plan?.name ?? null, suspended: subscription.suspended },
    models,
    defaultModel: demo?.model ?? models[0]?.model ?? "",
  };
}

export type ChatLayoutData = Awaited<ReturnType<typeof loader>>;

/** Conversations on the left, the open one on the right; both scroll on their own. */
export default function ChatLayout() {
  const { conversations } = useLoaderData<typeof loader>();
  return (
    <div className="flex h-[calc(100dvh-3.5rem)] min-h-0">
      <aside aria-label="Conversations" className="hidden w-64 shrink-0 flex-col border-r border-slate-200 bg-slate-100/60 md:flex">
        <div className="p-3">
          <Link to="/app/chat" className={buttonClass("secondary", "w-full")}>
            + New chat
          </Link>
        </div>
        <nav className="min-h-0 flex-1 overflow-y-auto px-2 pb-4">
          <ConversationList conversations={conversations} />
        </nav>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        {conversations.length > 0 ? (
          <details className="border-b border-slate-200 bg-slate-50 px-4 py-2 md:hidden">
            <summary className="cursor-pointer text-sm font-medium text-slate-700">Conversations ({conversations.length})</summary>
            <nav aria-label="Conversations" className="mt-2 max-h-64 overflow-y-auto">
              <ConversationList conversations={conversations} />
            </nav>
          </details>
        ) : null}
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <RouteError what="your conversations" />;
}
