// Type-aware lint for every part. The browser parts (PCF control, web resources) also get
// Microsoft's Power Apps checker rules. pcf-scripts runs this same file during its build.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import powerApps from "@microsoft/eslint-plugin-power-apps";
import reactHooks from "eslint-plugin-react-hooks";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/out/**", "**/obj/**", "**/generated/**", "**/*.cjs", "**/*.mjs", "**/*.js", "test-results/**"],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      eqeqeq: ["error", "always"],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
    },
  },
  {
    // The two pure parts: no IO, no clock (DESIGN.md §2).
    files: ["sync-core/src/domain/**/*.ts", "sync-core/src/reconcile/**/*.ts", "sync-core/src/schedule/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["node:*", "fs", "http", "https", "net", "child_process", "../connectors/*", "../runner/*"], message: "domain, reconcile and schedule are pure: no IO." }] }],
      "no-restricted-syntax": [
        "error",
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: "Pure code reads no clock: take `now` as an argument." },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "Pure code reads no clock: take `now` as an argument." },
        { selector: "MemberExpression[object.name='process']", message: "Pure code reads no configuration or environment." },
      ],
    },
  },
  {
    // The stand-ins speak HTTP only (DESIGN.md §2).
    files: ["sandbox/**/*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [{ group: ["@mps/sync-core", "@mps/sync-core/*", "**/sync-core/**"], message: "sandbox imports nothing from sync-core." }] }] },
  },
  {
    files: ["pcf/**/*.ts", "pcf/**/*.tsx", "webresources/**/*.ts"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "**/build.ts"],
    plugins: { "@microsoft/power-apps": powerApps, "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...powerApps.configs.paCheckerHosted.rules,
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", { paths: [{ name: "@mps/sync-core", message: "Browser code imports only @mps/sync-core/pure." }], patterns: [{ group: ["@mps/sync-core/*", "!@mps/sync-core/pure", "**/sync-core/src/**"], message: "Browser code imports only @mps/sync-core/pure." }] }],
    },
  },
  {
    files: ["**/*.test.ts", "**/*.test.tsx"],
    languageOptions: { globals: { ...globals.jest } },
    rules: { "@typescript-eslint/unbound-method": "off" },
  },
);
