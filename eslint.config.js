import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "app/generated/**", ".cache/**", "test-results/**", "playwright-report/**", ".devstore/**", ".data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    // The house's one-way data flow, checked: production code in app/ never reaches into dev tooling (tools/,
    // devstore/, tests/), and pure domain code never reaches out to I/O (Prisma, Remix, Shopify, fetch).
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.test.{ts,tsx}", "app/**/*.integration.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { regex: "^(\\.\\./)+(tools|devstore|tests)/", message: "Production code must not import dev tooling (tools/, devstore/, tests/): move what the app needs into app/." },
      ] }],
    },
  },
  {
    files: ["app/domain/**/*.{ts,tsx}"],
    ignores: ["app/domain/**/*.test.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { regex: "^@(prisma|remix-run|shopify)/", message: "app/domain is pure: no Prisma, Remix or Shopify imports." },
        { regex: "(\\.server|/generated/prisma|/db)(\\.ts)?$", message: "app/domain is pure: no server modules or database access." },
        { regex: "^(\\.\\./)+(tools|devstore|tests)/", message: "Production code must not import dev tooling." },
      ] }],
    },
  },
);
