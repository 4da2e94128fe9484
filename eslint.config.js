// @ts-check
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "scim-report/", ".harness-out/", "coverage/", "dist/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  {
    // Layer rule (ARCHITECTURE.md): harness/scim is a leaf and imports nothing from the repo.
    files: ["harness/scim/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["../*", "!./*"],
              message: "harness/scim is a leaf: it imports nothing from the rest of the repo.",
            },
            {
              group: ["express", "node:http", "node:fs", "undici", "msw"],
              message: "harness/scim is pure: no I/O.",
            },
          ],
        },
      ],
    },
  },
  {
    // fakes use only harness/scim.
    files: ["fakes/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(\\.\\./)*(harness/(?!scim/)|contracts/|reports/|scenarios/)",
              message: "fakes/ may import only harness/scim from the repo.",
            },
          ],
        },
      ],
    },
  },
  {
    // reports render a report object and import nothing that runs.
    files: ["reports/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^\\.\\./(\\.\\./)*(harness|contracts|fakes|scenarios)/",
              message: "reports/ renders a report object and imports nothing that runs.",
            },
          ],
        },
      ],
    },
  },
  // Layer rules on imports that TypeScript can see (ARCHITECTURE.md). One rule instance per file group,
  // since a later flat-config entry replaces an earlier one's options for the same rule.
  ...typedImportRules(),
  prettier,
);

/**
 * - contracts/ is reached only from harness/cli, the composition root (tests and test support aside);
 * - scenario TypeScript files (library support, quirk tables, generators) are test support: product code
 *   never imports them;
 * - IdP models are pure plans: from reports/ they take types only.
 */
function typedImportRules() {
  const testFiles = ["**/*.test.ts", "**/*.test-support.ts", "**/test-support/**"];
  const noContracts = {
    regex: "^(\\.\\./)+contracts/",
    message: "Only harness/cli (the composition root) imports contracts/.",
  };
  const noScenarioCode = {
    regex: "^(\\.\\./)+scenarios/[^/]+\\.ts$",
    message: "scenarios/*.ts is test support; product code does not import it.",
  };
  const typesFromReports = {
    regex: "^(\\.\\./)+reports/",
    allowTypeImports: true,
    message: "harness/idp imports only types from reports/.",
  };
  const rule = (patterns) => ({
    "@typescript-eslint/no-restricted-imports": ["error", { patterns }],
  });
  return [
    {
      files: ["harness/**/*.ts", "fakes/**/*.ts", "reports/**/*.ts"],
      ignores: ["harness/cli/**", "harness/idp/**", ...testFiles],
      rules: rule([noContracts, noScenarioCode]),
    },
    {
      files: ["harness/idp/**/*.ts"],
      ignores: testFiles,
      rules: rule([noContracts, noScenarioCode, typesFromReports]),
    },
    {
      files: ["harness/cli/**/*.ts", "contracts/**/*.ts"],
      ignores: testFiles,
      rules: rule([noScenarioCode]),
    },
  ];
}
