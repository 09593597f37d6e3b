import express from "express";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it } from "vitest";
import { chatStreamPath, createChatStreamListener } from "../server/chat-stream";

let server: Server | undefined;
afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

it("in development, takes the route module Vite has for each request, so an edit applies without a restart", async () => {
  // What Vite's ssrLoadModule hands out before and after the route's file is edited.
  let version = "before the edit";
  const loads: string[] = [];
  const vite = {
    ssrLoadModule: async (url: string) => {
      loads.push(url);
      const answer = version;
      return { handleChatStream: async (_request: Request, conversationId: string) => Response.json({ answer, conversationId }) };
    },
  };
  const app = express();
  app.all(chatStreamPath, await createChatStreamListener(vite as never));
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/app/chat/c-1/stream`;

  expect(await (await fetch(url, { method: "POST" })).json()).toEqual({ answer: "before the edit", conversationId: "c-1" });
  version = "after the edit";
  expect(await (await fetch(url, { method: "POST" })).json()).toEqual({ answer: "after the edit", conversationId: "c-1" });
  expect(loads).toEqual(["/app/lib/server/chat/chat-stream-route.ts", "/app/lib/server/chat/chat-stream-route.ts"]);
});
