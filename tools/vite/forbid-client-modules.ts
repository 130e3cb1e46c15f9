/**
 * A build assertion: some browser routes must not ship some packages (the Settings page must not carry zod,
 * ~100 kB, to the browser: its form is validated on the server). After the client build, each listed route's
 * chunk and every chunk it imports statically (what the browser downloads to show the page) are searched for
 * modules of the forbidden packages; the build fails naming the route, the package and who pulled it in.
 * Module ids come from Rollup's bundle, so this checks what was bundled, not a guess from the source.
 */
import type { Plugin } from "vite";

export type ForbiddenClientModules = {
  /** The route module, relative to the project root, e.g. "app/routes/app.settings.tsx". */
  readonly route: string;
  /** npm package names that must not be bundled for it, e.g. ["zod"]. */
  readonly packages: readonly string[];
};

/** The part of a Rollup output chunk this check reads. */
export type BundledChunk = {
  readonly type: "chunk";
  readonly fileName: string;
  readonly facadeModuleId: string | null;
  readonly imports: readonly string[];
  readonly moduleIds: readonly string[];
};

export type BundleEntry = BundledChunk | { readonly type: "asset"; readonly fileName: string };

/** Module ids may carry a query (Remix's client route modules end in "?__remix-build-client-route"). */
function withoutQuery(moduleId: string): string {
  return moduleId.replaceAll("\\", "/").split("?")[0] ?? "";
}

function belongsToPackage(moduleId: string, name: string): boolean {
  const normalized = moduleId.replaceAll("\\", "/");
  return normalized.includes(`/node_modules/${name}/`);
}

/** Every violation as a sentence; empty when the bundle is fine. A listed route missing from the bundle is one too. */
export function findForbiddenClientModules(bundle: Readonly<Record<string, BundleEntry>>, rules: readonly ForbiddenClientModules[]): string[] {
  const chunks = new Map<string, BundledChunk>();
  for (const entry of Object.values(bundle)) if (entry.type === "chunk") chunks.set(entry.fileName, entry);
  const problems: string[] = [];
  for (const rule of rules) {
    const routeChunk = [...chunks.values()].find((chunk) => withoutQuery(chunk.facadeModuleId ?? "").endsWith(`/${rule.route}`));
    if (routeChunk === undefined) {
      problems.push(`${rule.route}: no client chunk was built for it; fix the route path in vite.config.ts.`);
      continue;
    }
    const seen = new Set<string>();
    const queue = [routeChunk.fileName];
    while (queue.length > 0) {
      const fileName = queue.shift() ?? "";
      if (seen.has(fileName)) continue;
      seen.add(fileName);
      const chunk = chunks.get(fileName);
      if (chunk === undefined) continue;
      for (const name of rule.packages) {
        const offending = chunk.moduleIds.filter((id) => belongsToPackage(id, name));
        if (offending.length > 0) {
          problems.push(
            `${rule.route}: its browser code includes ${name} (${offending.length} module${offending.length === 1 ? "" : "s"} in ${chunk.fileName}). ` +
              `Keep ${name} in server-only code (*.server.ts, loader/action) or in modules the page does not import.`,
          );
        }
      }
      queue.push(...chunk.imports);
    }
  }
  return problems;
}

/** Vite plugin: fails the client build when a rule is broken. */
export function forbidClientModules(rules: readonly ForbiddenClientModules[]): Plugin {
  let serverBuild = false;
  return {
    name: "affable:forbid-client-modules",
    apply: "build",
    configResolved(config) {
      serverBuild = Boolean(config.build.ssr);
    },
    generateBundle(_options, bundle) {
      // The server build (SSR) may use anything.
      if (serverBuild) return;
      const problems = findForbiddenClientModules(bundle as unknown as Record<string, BundleEntry>, rules);
      if (problems.length > 0) this.error(problems.join("\n"));
    },
  };
}
