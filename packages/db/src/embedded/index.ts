export { startEmbeddedPostgres, embeddedCredentials, type EmbeddedPostgres, type StartEmbeddedPostgresOptions } from "./start.js";
export { startDevPostgres } from "./dev.js";
export { EmbeddedPostgresError, type EmbeddedPostgresErrorCode } from "./errors.js";
export { withFileLock, isProcessAlive } from "./file-lock.js";
export { childPids } from "./postmaster.js";
export { POSTGRES_SYSTEM_USER } from "./run-as.js";
