import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readJsonBody } from "./read-body";

const LIMIT = 1_000;
const post = (body: string) => new Request("http://gateway.test/v1/chat/completions", { method: "POST", body });
/** A node stream, as toNodeListener hands the request it came from, split into small chunks. */
const nodeBody = (text: string) => Readable.from(Buffer.from(text).toString("latin1").match(/[\s\S]{1,7}/g)!.map((c) => Buffer.from(c, "latin1")));

// readJsonBody reads the node request directly when it has one (toNodeListener), and the
// Request's own body otherwise (a Remix route): both must judge the same bytes the same way.
describe("readJsonBody", () => {
  const sources = {
    "the Request's body": (text: string) => [post(text)] as const,
    "the node request": (text: string) => [post(""), nodeBody(text)] as const,
  };
  for (const [name, make] of Object.entries(sources)) {
    describe(`from ${name}`, () => {
      it("parses JSON, multi-byte characters split across chunks included", async () => {
        const [request, raw] = make(JSON.stringify({ model: "m", messages: [{ role: "user", content: "naïve 漢字 🚀" }] }));
        expect(await readJsonBody(request, LIMIT, raw)).toEqual({ model: "m", messages: [{ role: "user", content: "naïve 漢字 🚀" }] });
      });

      it("refuses an empty body and malformed JSON with 400s that say what to send", async () => {
        const [empty, emptyRaw] = make("  ");
        await expect(readJsonBody(empty, LIMIT, emptyRaw)).rejects.toMatchObject({ code: "invalid_json", status: 400 });
        const [bad, badRaw] = make("{model:");
        await expect(readJsonBody(bad, LIMIT, badRaw)).rejects.toMatchObject({ code: "invalid_json", message: expect.stringContaining("valid JSON") });
      });

      it("refuses a body over the limit with a 413, also when it is far over", async () => {
        const [over, overRaw] = make(JSON.stringify({ pad: "x".repeat(LIMIT) }));
        await expect(readJsonBody(over, LIMIT, overRaw)).rejects.toMatchObject({ code: "request_too_large", status: 413 });
        const [huge, hugeRaw] = make("x".repeat(LIMIT * 20));
        await expect(readJsonBody(huge, LIMIT, hugeRaw)).rejects.toMatchObject({ code: "request_too_large" });
      });
    });
  }

  it("an upload the client abandons midway is a 400, not a server error", async () => {
    async function* cutOff() {
      yield Buffer.from('{"model":"m","mess');
      throw Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    }
    await expect(readJsonBody(post(""), LIMIT, cutOff())).rejects.toMatchObject({ code: "invalid_request", status: 400 });
  });
});
