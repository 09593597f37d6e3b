import { useTestDb } from "@meterkit/db/testing";
import { connect } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startGateway, type Gateway } from "../test/fixtures";

const t = useTestDb();
let gateway: Gateway;

beforeAll(async () => {
  gateway = await startGateway(t.db);
});
afterAll(() => gateway.close());

/** One request written by hand: what no HTTP client library would send. */
function raw(port: number, head: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (chunk) => (data += chunk));
    socket.on("close", () => resolve({ status: Number(data.split(" ")[1]), body: data.slice(data.indexOf("\r\n\r\n") + 4) }));
    socket.on("error", reject);
  });
}

it("answers a Host header no URL can hold with a 400 in OpenAI's error shape, not a 500", async () => {
  for (const host of ["[", "a b", "%", "a@b"]) {
    const reply = await raw(gateway.port, `GET /v1/models HTTP/1.1\r\nHost: ${host}`);
    expect({ host, status: reply.status }).toEqual({ host, status: 400 });
    expect(JSON.parse(reply.body).error).toMatchObject({ type: "invalid_request_error", message: expect.stringContaining("Host") });
  }
});

it("answers a method Fetch refuses with a 405, not a 500", async () => {
  const reply = await raw(gateway.port, "TRACE /v1/models HTTP/1.1\r\nHost: localhost");
  expect(reply.status).toBe(405);
  expect(JSON.parse(reply.body).error.message).toContain("TRACE");
});

it("still serves a well-formed request", async () => {
  const reply = await raw(gateway.port, "GET /v1/models HTTP/1.1\r\nHost: localhost");
  expect(reply.status).toBe(401);
});
