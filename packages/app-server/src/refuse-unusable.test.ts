import express from "express";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refuseUnusableRequests } from "./refuse-unusable";

let port: number;
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(refuseUnusableRequests);
  // What Remix's adapter does with every request that gets past.
  app.all("*", (req, res) => void res.send(new Request(`http://${req.headers.host}${req.originalUrl}`, { method: req.method }).method));
  const server = app.listen(0);
  await new Promise((resolve) => server.once("listening", resolve));
  port = (server.address() as { port: number }).port;
  close = () => server.close();
});
afterAll(() => close());

function raw(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(`${head}\r\nConnection: close\r\n\r\n`));
    let data = "";
    socket.on("data", (chunk) => (data += chunk));
    socket.on("close", () => resolve(`${data.split("\r\n")[0] ?? ""}${data.includes('"error":{') ? " (openai error)" : ""}`));
    socket.on("error", reject);
  });
}

describe("refuseUnusableRequests", () => {
  it("answers a method Fetch refuses with 405", async () => {
    expect(await raw("TRACE / HTTP/1.1\r\nHost: localhost")).toBe("HTTP/1.1 405 Method Not Allowed");
  });

  it("answers a Host header no URL can hold with 400", async () => {
    for (const host of ["[", "a b", "%", "a@b", ":p@b"]) expect(await raw(`GET / HTTP/1.1\r\nHost: ${host}`)).toBe("HTTP/1.1 400 Bad Request");
  });

  it("answers the /v1 API in OpenAI's error shape", async () => {
    expect(await raw("GET /v1/models HTTP/1.1\r\nHost: a b")).toBe("HTTP/1.1 400 Bad Request (openai error)");
    expect(await raw("TRACE /v1/models HTTP/1.1\r\nHost: localhost")).toBe("HTTP/1.1 405 Method Not Allowed (openai error)");
  });

  it("lets ordinary requests through", async () => {
    expect(await raw("GET /x HTTP/1.1\r\nHost: localhost:3000")).toBe("HTTP/1.1 200 OK");
    expect(await raw("DELETE /x HTTP/1.1\r\nHost: example.com")).toBe("HTTP/1.1 200 OK");
  });
});
