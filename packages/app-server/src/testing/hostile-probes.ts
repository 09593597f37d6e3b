/**
 * Sends malformed or hostile requests to a running app and reports the answers a user could not
 * act on: a 5xx, a dropped connection, or a 4xx without words saying what to fix. Shared by the
 * hostile-input suites of apps/web and apps/admin.
 */
export interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Blob;
  /** Sent with the session cookie of the prober's `cookie()`. */
  signedIn?: boolean;
}

export interface Outcome extends Probe {
  status: number;
  text: string;
}

export type ProberOptions = {
  /** The app's origin, read at send time (it is known only once the server listens). */
  base: () => string;
  /** The signed-in session's Cookie header. */
  cookie: () => string;
  /** An answer that is a 5xx by design (a missing production key, say) rather than a failure. */
  expectedServerError?: (outcome: Outcome, words: string) => boolean;
};

export function hostileProber(options: ProberOptions) {
  async function send(probe: Probe): Promise<Outcome> {
    const headers: Record<string, string> = { accept: "text/html", ...probe.headers };
    if (probe.signedIn) headers.cookie = options.cookie();
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(`${options.base()}${probe.path}`, { method: probe.method, headers, body: probe.body, redirect: "manual" });
        return { ...probe, body: undefined, status: response.status, text: await response.text() };
      } catch (error) {
        // A page that answers before reading an oversized body (a redirect to the login page) leaves
        // its keep-alive socket to be closed under the next request sent on it; browsers send that
        // one again on a fresh connection, and so does this. A second drop is a failure: status 0.
        const reset = String((error as Error).cause).includes("ECONNRESET");
        if (!reset || attempt === 2) return { ...probe, body: undefined, status: 0, text: String((error as Error).cause ?? error) };
      }
    }
  }

  /** Sends every probe; returns the ones answered with a 5xx or with a refusal that has no words. */
  async function badAnswers(probes: Probe[]): Promise<Outcome[]> {
    const bad: Outcome[] = [];
    for (const probe of probes) {
      const outcome = await send(probe);
      const words = outcome.text.replace(/<script[\s\S]*?<\/script>|<[^>]+>/g, " ");
      const serverError = outcome.status >= 500 && !options.expectedServerError?.(outcome, words);
      if (outcome.status === 0 || serverError || (outcome.status >= 400 && !/[a-z]{4,}/i.test(words))) {
        bad.push({ ...outcome, text: words.replace(/\s+/g, " ").slice(0, 300) });
      }
    }
    return bad;
  }

  return { send, badAnswers };
}
