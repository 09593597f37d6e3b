import { describe, expect, it } from "vitest";
import { loggableUrl } from "./request-log";

describe("loggableUrl", () => {
  it("keeps ordinary addresses as they are", () => {
    expect(loggableUrl("/app/usage?period=current&page=2")).toBe("/app/usage?period=current&page=2");
    expect(loggableUrl("/login")).toBe("/login");
  });

  it("never logs a password-reset token, on the page or its form post", () => {
    const token = "q2Yx9b0Jm4t8F1cVwZ";
    for (const url of [`/reset-password/${token}`, `/reset-password/${token}?_data=routes%2Freset-password.%24token`, `/reset-password/${token}/`]) {
      const logged = loggableUrl(url);
      expect(logged).not.toContain(token);
      expect(logged.startsWith("/reset-password/[redacted]")).toBe(true);
    }
  });

  it("redacts query parameters that carry a credential, whatever their case or escaping", () => {
    const logged = loggableUrl("/callback?state=ok&api_key=mk_live_abc&Token=t0k3n&%63ode=123456&next=%2Fapp");
    expect(logged).toBe("/callback?state=ok&api_key=[redacted]&Token=[redacted]&%63ode=[redacted]&next=%2Fapp");
  });
});
