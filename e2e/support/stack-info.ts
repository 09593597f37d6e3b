/** What the global setup hands to every test file (through vitest's provide/inject). */
export interface E2EStack {
  webUrl: string;
  adminUrl: string;
  databaseUrl: string;
  stripeApiBase: string;
  openaiBaseUrl: string;
  logFile: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: E2EStack;
  }
}
