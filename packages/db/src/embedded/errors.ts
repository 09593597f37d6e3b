export type EmbeddedPostgresErrorCode =
  | "INITDB_FAILED"
  | "START_FAILED"
  | "START_TIMEOUT"
  | "VERSION_MISMATCH"
  | "NO_UNPRIVILEGED_USER"
  | "DATA_DIR_UNREACHABLE"
  | "LOCK_TIMEOUT";

export class EmbeddedPostgresError extends Error {
  constructor(
    readonly code: EmbeddedPostgresErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "EmbeddedPostgresError";
  }
}
