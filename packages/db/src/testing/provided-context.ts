declare module "vitest" {
  export interface ProvidedContext {
    /** Set by @meterkit/db/testing/global-setup. */
    meterkitTestDatabase: { adminUrl: string; template: string };
  }
}

export {};
