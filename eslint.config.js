// One lint config for the whole workspace; each package runs `eslint <its dirs>` from its folder.
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/build/**", "**/dist/**", "**/.data/**", "**/.cache/**"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      // Env is validated once per package with zod; reading it anywhere else skips that check.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read env through the package's zod-validated env module." },
      ],
    },
  },
  {
    // The places allowed to read process.env: env modules, entry points and tests.
    files: ["**/env.ts", "**/env.server.ts", "**/*env*.ts", "**/cli.ts", "**/cli/**", "**/*.test.ts", "**/test/**", "**/testing/**", "tooling/**", "bench/**", "e2e/**", "**/server.ts", "**/vite.config.ts", "**/vitest.config.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  {
    // Migrations are frozen in time and typed against Kysely<any> on purpose (they never import app types).
    files: ["**/migrations/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
