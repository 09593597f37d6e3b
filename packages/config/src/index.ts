export { parseEnv, EnvError } from "./parse-env.js";
export { ports, embeddedDefaults } from "./defaults.js";
