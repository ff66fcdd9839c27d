/**
 * The Dashboard's widgets and popups (src/extensions) are built from components, queries and
 * the app's plumbing, never from a page: a mount must not pull in a page of the app. Every
 * module an extension module imports, however indirectly, is looked at.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

import { describe, expect, it } from "vitest";

const SRC = resolve(process.cwd(), "src");

/** The file a relative import names (`./OrderWidget` → …/OrderWidget.tsx). */
function resolveImport(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((path) => existsSync(path) && !path.endsWith("/"));
}

/** The source files `file` imports (relative imports only; `import type` erases at build). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const specifiers = [...source.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+"(\.[^"]+)"/gm)].map((match) => match[1]);
  return specifiers.map((specifier) => resolveImport(file, specifier)).filter((path): path is string => path !== undefined && /\.tsx?$/.test(path));
}

/** Every module reachable from `entries`, each with the chain of imports that reached it. */
function reachable(entries: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(entries.map((entry) => [entry, [entry]]));
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of importsOf(file)) {
      if (seen.has(next)) continue;
      seen.set(next, [...seen.get(file)!, next]);
      queue.push(next);
    }
  }
  return seen;
}

const extensionModules = readdirSync(resolve(SRC, "extensions"))
  .filter((name) => /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name))
  .map((name) => resolve(SRC, "extensions", name));

describe("the Dashboard's extension mounts", () => {
  it("are found", () => {
    expect(extensionModules.map((path) => relative(SRC, path))).toContain("extensions/ExtensionViews.tsx");
  });

  it("import no page, directly or through another module", () => {
    const pages = [...reachable(extensionModules).entries()]
      .filter(([path]) => relative(SRC, path).startsWith("pages/"))
      .map(([, chain]) => chain.map((path) => relative(SRC, path)).join(" → "));
    expect(pages).toEqual([]);
  });

  it("are told apart from the app page, which the check sees import its pages", () => {
    const app = reachable([resolve(SRC, "app", "App.tsx")]);
    expect([...app.keys()].map((path) => relative(SRC, path))).toContain("pages/Orders.tsx");
  });
});
