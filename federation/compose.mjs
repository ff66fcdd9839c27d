// Composes Saleor's subgraph SDL with ours and prints {errors, hints} as JSON.
// Usage: node compose.mjs <saleor-service-sdl.graphql> <oms-schema.graphql>
import { readFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse } from "graphql";

const [saleorPath, omsPath] = process.argv.slice(2);
if (!saleorPath || !omsPath) {
  console.error("usage: node compose.mjs <saleor-sdl> <oms-sdl>");
  process.exit(2);
}
const subgraph = (name, path) => ({
  name,
  url: `http://${name}.invalid/graphql/`,
  typeDefs: parse(readFileSync(path, "utf8")),
});

const result = composeServices([subgraph("saleor", saleorPath), subgraph("oms", omsPath)]);
const report = {
  errors: (result.errors ?? []).map((error) => ({
    code: error.extensions?.code ?? null,
    message: error.message,
  })),
  hints: (result.hints ?? []).map((hint) => ({
    code: hint.definition.code,
    level: hint.definition.level?.name ?? String(hint.definition.level),
    message: hint.message,
  })),
  supergraphBytes: result.supergraphSdl ? result.supergraphSdl.length : 0,
};
process.stdout.write(JSON.stringify(report));
process.exit(report.errors.length ? 1 : 0);
