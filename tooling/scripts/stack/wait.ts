/**
 * Polls `url` until it answers 200, `giveUp` settles (an app died), or the timeout passes.
 * Used to print "ready" only once the apps really serve, and by the e2e setup.
 */
export async function waitForHttp(url: string, options: { timeoutMs: number; giveUp?: Promise<unknown> }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let stopped = false;
  void options.giveUp?.then(() => (stopped = true));
  let lastProblem = "no answer yet";
  while (!stopped && Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      lastProblem = `HTTP ${response.status}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(stopped ? `${url} never answered: its process exited` : `${url} did not answer 200 within ${options.timeoutMs} ms (${lastProblem})`);
}
