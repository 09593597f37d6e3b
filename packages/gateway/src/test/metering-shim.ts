// TEMPORARY until @meterkit/metering has its index; remove with the paths/alias entries.
export * from "../../../metering/src/catalog";
export * from "../../../metering/src/errors";
export * from "../../../metering/src/messages";
export * from "../../../metering/src/validation";
export * from "../../../metering/src/context-policy";
export * from "../../../metering/src/cost";
export * from "../../../metering/src/usage-formats";
export * from "../../../metering/src/tokens/count-tokens";
export * from "../../../metering/src/tokens/chat-tokens";
export type { ModelSpec, Rate } from "../../../metering/src/catalog/types";
