import { describe, expect, it } from "vitest";
import { findForbiddenClientModules, type BundleEntry } from "./forbid-client-modules";

const ROOT = "/project";
const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], facadeModuleId: string | null = null): BundleEntry => ({
  type: "chunk", fileName, moduleIds, imports, facadeModuleId,
});
const RULE = [{ route: "app/routes/app.settings.tsx", packages: ["zod"] }];

describe("findForbiddenClientModules (the Settings page must not ship zod)", () => {
  it("passes a route whose chunk and imports carry no zod module", () => {
    const bundle = {
      "assets/app.settings.js": chunk("assets/app.settings.js", [`${ROOT}/app/routes/app.settings.tsx?__remix-build-client-route`], ["assets/polaris.js"],
        `${ROOT}/app/routes/app.settings.tsx?__remix-build-client-route`),
      "assets/polaris.js": chunk("assets/polaris.js", [`${ROOT}/node_modules/@shopify/polaris/build/esm/index.js`]),
      // Another route may use zod in the browser; only the listed route is checked.
      "assets/other.js": chunk("assets/other.js", [`${ROOT}/node_modules/zod/v4/classic/schemas.js`], [], `${ROOT}/app/routes/app.other.tsx`),
    };
    expect(findForbiddenClientModules(bundle, RULE)).toEqual([]);
  });

  it("finds zod pulled in through a shared chunk the route imports (transitively)", () => {
    const bundle = {
      "assets/app.settings.js": chunk("assets/app.settings.js", [`${ROOT}/app/routes/app.settings.tsx`], ["assets/shared.js"], `${ROOT}/app/routes/app.settings.tsx`),
      "assets/shared.js": chunk("assets/shared.js", [`${ROOT}/app/domain/program/program-rules.ts`], ["assets/schemas.js"]),
      "assets/schemas.js": chunk("assets/schemas.js", [`${ROOT}/node_modules/zod/v4/core/core.js`, `${ROOT}/node_modules/zod/v4/classic/schemas.js`]),
    };
    expect(findForbiddenClientModules(bundle, RULE)).toEqual([expect.stringMatching(/app\.settings\.tsx: its browser code includes zod \(2 modules in assets\/schemas\.js\)/)]);
  });

  it("does not confuse a package whose name only starts with the forbidden one", () => {
    const bundle = {
      "assets/app.settings.js": chunk("assets/app.settings.js", [`${ROOT}/node_modules/zod-to-json/index.js`], [], `${ROOT}/app/routes/app.settings.tsx`),
    };
    expect(findForbiddenClientModules(bundle, RULE)).toEqual([]);
  });

  it("reports a listed route that was not built (a renamed route must not silently pass)", () => {
    expect(findForbiddenClientModules({}, RULE)).toEqual([expect.stringMatching(/no client chunk was built/)]);
  });
});
