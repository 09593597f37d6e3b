import { describe, expect, it } from "vitest";
import { syncPlan } from "./plan-save.server";

type PlansApi = Parameters<typeof syncPlan>[0];

function fakeApi(changes: number, status: "synced" | "failed" = "synced") {
  const calls: string[] = [];
  const api = {
    sync: async () => {
      calls.push("sync");
      return { plan: {}, stripeSync: status === "synced" ? { status, changes } : { status, error: "Stripe is down" } };
    },
    moveSubscriptions: async () => {
      calls.push("move");
      return { subscriptions: 2, moved: 2, failed: 0, outcomes: [] };
    },
  } as unknown as PlansApi;
  return { api, calls };
}

describe("syncPlan (the plan page's Sync to Stripe)", () => {
  it("moves live subscriptions when the sync made new prices, as a save does", async () => {
    const { api, calls } = fakeApi(3);
    const result = await syncPlan(api, "plan-1");
    expect(calls).toEqual(["sync", "move"]);
    expect(result.move).toMatchObject({ moved: 2 });
  });

  it("moves nothing when there was nothing new, or the sync failed", async () => {
    for (const [changes, status] of [[0, "synced"], [0, "failed"]] as const) {
      const { api, calls } = fakeApi(changes, status);
      expect((await syncPlan(api, "plan-1")).move).toBeNull();
      expect(calls).toEqual(["sync"]);
    }
  });
});
