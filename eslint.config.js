// @ts-check
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "scim-report/", ".harness-out/", "coverage/"] },
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
  prettier,
);
