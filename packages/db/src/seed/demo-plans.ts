import type { NewPlan } from "../schema/index.js";

export interface DemoRate {
  model: string;
  /** Integer micro-dollars per 1M tokens; output costs more than input, cached input less. */
  input: number;
  cachedInput: number;
  output: number;
}

export interface DemoPlan {
  plan: Omit<NewPlan, "id" | "created_at" | "updated_at">;
  rates: DemoRate[];
}

const rate = (model: string, input: number, cachedInput: number, output: number): DemoRate => ({ model, input, cachedInput, output });

// List-price-like rates (USD per 1M tokens x 1_000_000). meterkit-demo is the local demo model.
const demo = rate("meterkit-demo", 1_000_000, 500_000, 4_000_000);
const gpt4oMini = rate("gpt-4o-mini", 150_000, 75_000, 600_000);
const gpt4o = rate("gpt-4o", 2_500_000, 1_250_000, 10_000_000);
const gpt41Mini = rate("gpt-4.1-mini", 400_000, 100_000, 1_600_000);

/** The plans a fresh install starts with; admins edit them from the portal afterwards. */
export const demoPlans: DemoPlan[] = [
  {
    plan: {
      code: "starter",
      name: "Starter",
      description: "Small models, usage sent to Stripe hourly.",
      base_fee_micros: 9_000_000,
      tokens_per_minute: 50_000,
      requests_per_minute: 30,
      context_policy: "reject",
      flush_policy: "batched",
      flush_interval_seconds: 3600,
      is_public: true,
    },
    rates: [demo, gpt4oMini],
  },
  {
    plan: {
      code: "pro",
      name: "Pro",
      description: "Every model, usage sent to Stripe as it happens, long chats truncated instead of refused.",
      base_fee_micros: 49_000_000,
      tokens_per_minute: 200_000,
      requests_per_minute: 120,
      context_policy: "truncate",
      flush_policy: "immediate",
      is_public: true,
    },
    rates: [demo, gpt4o, gpt4oMini, gpt41Mini],
  },
  {
    plan: {
      code: "team",
      name: "Team",
      description: "Every model with a hard monthly spending cap.",
      base_fee_micros: 199_000_000,
      hard_cap_micros: 500_000_000,
      tokens_per_minute: 500_000,
      requests_per_minute: 300,
      context_policy: "reject",
      flush_policy: "batched",
      flush_interval_seconds: 900,
      is_public: true,
    },
    rates: [demo, gpt4o, gpt4oMini, gpt41Mini],
  },
];
