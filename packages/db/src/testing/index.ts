export { createTestDb, createEmptyTestDb, useTestDb, type TestDb } from "./test-db.js";
export { templateName, urlWithDatabase } from "./template.js";
