/**
 * Every GraphQL document the extension sends is valid against the schema it is sent to: the
 * OMS schema as the server publishes it (api/oms-schema.graphql, kept current by the Python
 * test suite) or Saleor's (the contract pack): a renamed or removed field fails here, not in a
 * merchant's Dashboard. (`npm run build` checks the OMS documents once more: codegen derives
 * their types from the same schema.)
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";

// The directives the subgraph SDL uses, and the three root fields /graphql/ serves besides the
// subgraph (tests/orders/test_filters.py keeps them equal to the served ones): codegen builds
// the extension's types from the same files.
const schemaFile = (name: string) => readFileSync(resolve(process.cwd(), "schema", name), "utf8");
const FEDERATION = schemaFile("federation.graphql");
const SERVED_BESIDES_THE_SUBGRAPH = schemaFile("served-besides-the-subgraph.graphql");

function omsSchema() {
  const sdl = readFileSync(resolve(process.cwd(), "../api/oms-schema.graphql"), "utf8")
    // The federation @link header names directives the plain schema defines above.
    .replace(/^extend schema[^\n]*\n(\s+@[^\n]*\n)*/m, "");
  return buildSchema(FEDERATION + sdl + SERVED_BESIDES_THE_SUBGRAPH, { assumeValidSDL: true });
}

function saleorSchema() {
  // Saleor's contract pack, next to the repository (as for the Python tests).
  const path = resolve(process.cwd(), process.env.OMS_SHARED_SALEOR ?? "../../shared/saleor", "schema.graphql");
  return buildSchema(readFileSync(path, "utf8"), { assumeValidSDL: true });
}

// Pages, widgets and actions: every module whose exported strings are GraphQL documents.
const modules = import.meta.glob(["../**/*.{ts,tsx}", "!../**/*.test.{ts,tsx}", "!../test/**", "!../main.tsx"], { eager: true });

function documents(): [string, string][] {
  const found: [string, string][] = [];
  for (const [path, exports] of Object.entries(modules)) {
    for (const [name, value] of Object.entries(exports as Record<string, unknown>)) {
      if (typeof value === "string" && /^\s*(query|mutation)\b/.test(value)) found.push([`${path.replace("../", "")} ${name}`, value]);
    }
  }
  return found;
}

describe("the extension's GraphQL documents", () => {
  const schema = omsSchema();
  const saleor = saleorSchema();
  const all = documents();

  it("are found in every page and extension", () => {
    expect(all.length).toBeGreaterThan(40);
  });

  // Documents sent to Saleor itself (with the Dashboard token) are named SALEOR_*.
  it.each(all)("%s is valid against its schema", (name, document) => {
    const against = /\bSALEOR_\w+$/.test(name) ? saleor : schema;
    const errors = validate(against, parse(document)).map((error) => error.message);
    expect(errors).toEqual([]);
  });
});
