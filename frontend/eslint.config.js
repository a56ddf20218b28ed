import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// Browser storage is off limits: the access token lives in memory only.
const noStorage = ["localStorage", "sessionStorage"].map((name) => ({
  name,
  message: "Nothing is written to browser storage; keep state in memory.",
}));

export default defineConfig([
  globalIgnores(["dist", "node_modules", "src/api/schema.d.ts"]),
  {
    files: ["**/*.{js,mjs}"],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [
      js.configs.recommended,
      tseslint.configs.strictTypeChecked,
      reactHooks.configs.flat.recommended,
      jsxA11y.flatConfigs.strict,
    ],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "no-restricted-globals": ["error", ...noStorage],
      "no-restricted-properties": [
        "error",
        ...noStorage.map(({ name, message }) => ({ object: "window", property: name, message })),
        ...noStorage.map(({ name, message }) => ({ object: "globalThis", property: name, message })),
      ],
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // A scrollable table region must be focusable for keyboard users (axe: scrollable-region-focusable).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { roles: ["region"] }],
    },
  },
  {
    // Components: every visible text comes from the i18n catalogue.
    files: ["src/**/*.tsx"],
    ignores: ["src/**/*.test.tsx", "src/test/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXText[value=/[A-Za-zÆØÅæøå0-9]/]",
          message: "User-visible text comes from the i18n catalogue (t(...)).",
        },
        {
          selector:
            "JSXAttribute[name.name=/^(aria-label|title|alt|placeholder)$/] > Literal",
          message: "User-visible text comes from the i18n catalogue (t(...)).",
        },
      ],
    },
  },
  {
    files: ["src/**/*.test.{ts,tsx}", "src/test/**"],
    rules: {
      // Tests restore the storage they inspect; this is where we check that nothing writes to it.
      "no-restricted-globals": "off",
      "no-restricted-properties": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
]);
