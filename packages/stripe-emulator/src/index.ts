export { startStripeEmulator, type StripeEmulator, type StripeEmulatorOptions } from "./emulator/start";
export type { FaultConfig } from "./core/faults";
export type { MeterEventRecord, Stats } from "./core/store";
export type { Delivery } from "./core/webhooks";
export { signPayload } from "./core/webhooks";
export { sdkOptionsFor } from "./sdk-options";
export { emulatorEnv, type EmulatorEnv } from "./env";
