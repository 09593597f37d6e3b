/** The name the local demo model answers to by default. */
export const DEMO_MODEL = "meterkit-demo";
