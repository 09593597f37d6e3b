export { startDemoModel, DEMO_MODEL } from "./demo/server";
