export { isUuid, type Executor } from "./executor.js";
export * from "./customers.js";
export * from "./meters.js";
export * from "./plans.js";
export * from "./usage-events.js";
export * from "./users.js";
export * from "./expired-rows.js";
export * from "./ledger-partitions.js";
