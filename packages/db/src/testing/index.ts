export { createTestDb, createEmptyTestDb, useTestDb, type TestDb } from "./test-db.js";
export { templateName, urlWithDatabase } from "./template.js";
export { insertTestCustomer, usageEventFixture } from "./factories.js";
