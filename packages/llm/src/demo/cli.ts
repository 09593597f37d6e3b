/** `tsx src/demo/cli.ts`: runs the demo model on its fixed local port until stopped. */
import { parseEnv, ports } from "@meterkit/config";
import { z } from "zod";
import { DEMO_MODEL, startDemoModel } from "./server";

const env = parseEnv(
  "demo-model",
  z.object({
    DEMO_MODEL_PORT: z.coerce.number().int().min(1).max(65535).default(ports.demoModel),
    DEMO_MODEL_TOKENS_PER_SECOND: z.coerce.number().positive().default(50),
  }),
);

const demo = await startDemoModel({ port: env.DEMO_MODEL_PORT, tokensPerSecond: env.DEMO_MODEL_TOKENS_PER_SECOND });
console.log(`demo model "${DEMO_MODEL}" listening at ${demo.url} (${env.DEMO_MODEL_TOKENS_PER_SECOND} tokens/s)`);

const shutdown = () => {
  demo.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
