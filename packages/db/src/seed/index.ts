export { seed, devCredentials, type SeedResult } from "./seed.js";
export { demoPlans, type DemoPlan, type DemoRate } from "./demo-plans.js";
