import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData } from "@remix-run/react";
import { RouteError } from "~/components/route-error";
import { AppShell } from "~/components/shell/app-shell";
import { getCurrentUser, redirectToLogin } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const current = await getCurrentUser(request);
  if (!current) throw redirectToLogin(request);
  const { user, setCookie } = current;
  const caller = callerFor(user, request, context.ip);
  const [account, subscription] = await Promise.all([caller.account.get(), caller.account.getSubscription()]);
  return data(
    {
      account: {
        email: user.email,
        customerName: account.customer.name,
        planName: subscription.plan?.name ?? null,
        status: subscription.status,
        canUseModels: subscription.canUseModels,
      },
    },
    setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined,
  );
}

export default function AppLayout() {
  const { account } = useLoaderData<typeof loader>();
  return (
    <AppShell account={account}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  return <RouteError what="the app" />;
}
