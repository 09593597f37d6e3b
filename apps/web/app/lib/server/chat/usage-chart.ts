import { dailyPoints } from "~/lib/daily-usage";
import type { UiComponent } from "~/lib/stream-parts";
import type { Caller } from "../caller.server";
import { wantsUsageChart } from "~/lib/ui-intents";

const chartDays = 30;

/** The usage-chart card: the customer's last 30 days from the ledger, through the tenant-scoped API. */
export async function usageChart(caller: Caller): Promise<UiComponent> {
  const daily = await caller.usage.findDaily({ days: chartDays });
  return {
    component: "usage-chart",
    props: { title: `Your usage, last ${chartDays} days`, currency: "usd", days: dailyPoints(daily.days, new Date(daily.since), new Date()) },
  };
}

/** The UI components a reply to `message` carries. */
export function uiForMessage(caller: Caller) {
  return async (message: string): Promise<UiComponent[]> => (wantsUsageChart(message) ? [await usageChart(caller)] : []);
}
