export { createDb, PREPARED, UnsafeIntegerError, type CreateDbOptions, type Db } from "./client.js";
export { migrateToLatest, migrateDown, migrateToNothing, migrations, MigrationError } from "./migrate.js";
export * from "./schema/index.js";
export * from "./repositories/index.js";
export { listenForCacheChanges, CACHE_CHANGE_CHANNEL, type CacheChange, type CacheChangeHandlers, type CacheChangeListener } from "./change-notices.js";
