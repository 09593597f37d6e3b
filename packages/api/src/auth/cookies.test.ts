import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import { clearSessionCookie, readSessionCookie, serializeSessionCookie, sessionCookieNames } from "./cookies";
import { assertSameOrigin } from "./origin";

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, path-wide, Secure only when asked", () => {
    const dev = serializeSessionCookie("tok", { secure: false, maxAgeSeconds: 60 });
    expect(dev).toBe("mk_session=tok; Path=/; HttpOnly; SameSite=Lax; Max-Age=60");
    const prod = serializeSessionCookie("tok", { name: sessionCookieNames.admin, secure: true, maxAgeSeconds: 60 });
    expect(prod).toMatch(/^mk_admin_session=tok;.*; Secure$/);
    expect(clearSessionCookie({ secure: false })).toContain("Max-Age=0");
  });

  it("reads its own cookie among others, from a header or a Request", () => {
    const header = "theme=dark; mk_admin_session=admintok; mk_session=abc%2Bdef";
    expect(readSessionCookie(header)).toBe("abc+def");
    expect(readSessionCookie(header, sessionCookieNames.admin)).toBe("admintok");
    expect(readSessionCookie(new Request("http://x/", { headers: { cookie: header } }))).toBe("abc+def");
    expect(readSessionCookie("mk_session=; other=1")).toBeNull();
    expect(readSessionCookie(null)).toBeNull();
    expect(readSessionCookie("mk_session=%E0%A4%A")).toBeNull();
  });
});

describe("assertSameOrigin", () => {
  const post = (headers: Record<string, string>, url = "http://localhost:3000/login") => new Request(url, { method: "POST", headers });

  it("lets safe methods and same-origin posts through", () => {
    assertSameOrigin(new Request("http://localhost:3000/usage"));
    assertSameOrigin(post({ origin: "http://localhost:3000" }));
    assertSameOrigin(post({ referer: "http://localhost:3000/login?next=/" }));
    assertSameOrigin(post({ origin: "https://app.example.com" }, "http://10.0.0.5:3000/login"), ["https://app.example.com"]);
  });

  it("refuses cross-site posts and posts without provenance", () => {
    const cases: Record<string, string>[] = [{ origin: "https://evil.example" }, {}, { origin: "null" }];
    for (const headers of cases) {
      let error: unknown;
      try {
        assertSameOrigin(post(headers));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("FORBIDDEN");
    }
  });
});
