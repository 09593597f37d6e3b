import { parseEnv } from "@meterkit/config";
import { z } from "zod";

/** The variables the end-to-end suite reads. */
export const e2eEnv = parseEnv(
  "e2e",
  z.object({
    /** A Postgres server to create the run's database on; unset: an embedded Postgres in a temp folder. */
    TEST_DATABASE_URL: z.url().optional(),
    CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
    /** Set to 1 to watch the browser (needs a display). */
    E2E_HEADED: z.enum(["0", "1"]).default("0"),
    /** Set to 1 to echo the stack's output while the suite runs (it always goes to e2e/.logs/). */
    E2E_STACK_OUTPUT: z.enum(["0", "1"]).default("0"),
  }),
);
