import express from "express";
import { describe, expect, it } from "vitest";
import { configureEdge, trustProxySetting } from "./proxy-and-url";

describe("trustProxySetting", () => {
  it("reads TRUST_PROXY as Express expects it", () => {
    expect(trustProxySetting(undefined)).toBe(false);
    expect(trustProxySetting("")).toBe(false);
    expect(trustProxySetting("false")).toBe(false);
    expect(trustProxySetting("true")).toBe(true);
    expect(trustProxySetting("1")).toBe(1);
    expect(trustProxySetting(" loopback, 10.0.0.0/8 ")).toBe("loopback, 10.0.0.0/8");
  });

  it("gives each client its own address behind one trusted proxy", async () => {
    const app = express();
    configureEdge(app, { nodeEnv: "test", trustProxy: "1", publicUrl: "http://localhost", urlVariable: "WEB_URL" });
    app.get("/", (req, res) => void res.send(req.ip));
    const server = app.listen(0);
    const { port } = server.address() as { port: number };
    try {
      const ip = await (await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": "203.0.113.7" } })).text();
      expect(ip).toBe("203.0.113.7");
    } finally {
      server.close();
    }
  });
});
