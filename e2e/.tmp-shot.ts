import { chromium } from "playwright-core";
import { parseStackEnv, startStack } from "@meterkit/scripts/stack";
const stack = await startStack({ rootDir: "/work/main", env: parseStackEnv({}), apps: ["web"], sink: () => {} });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update", "--disable-sync"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("console", (m) => console.log("console:", m.type(), m.text()));
for (const path of ["/", "/pricing"]) {
  await page.goto(stack.urls.web + path, { waitUntil: "networkidle" });
  await page.screenshot({ path: `/tmp/shot${path.replace("/", "-") || "-index"}.png`, fullPage: true });
}
await browser.close();
await stack.stop();
