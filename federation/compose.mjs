// Composes Saleor's subgraph SDL with ours and prints {errors, hints} as JSON.
// Usage: node compose.mjs <saleor-service-sdl.graphql> <oms-schema.graphql> [<api-schema-out>]
// With a third path, also writes there the supergraph's API schema (what clients of the
// gateway query), for validating operations against it.
import { readFileSync, writeFileSync } from "node:fs";
import { composeServices } from "@apollo/composition";
import { parse, printSchema } from "graphql";

const [saleorPath, omsPath, apiSchemaPath] = process.argv.slice(2);
if (!saleorPath || !omsPath) {
  console.error("usage: node compose.mjs <saleor-sdl> <oms-sdl> [<api-schema-out>]");
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
if (apiSchemaPath && result.schema) {
  writeFileSync(apiSchemaPath, printSchema(result.schema.toAPISchema().toGraphQLJSSchema()));
}
process.stdout.write(JSON.stringify(report));
process.exit(report.errors.length ? 1 : 0);
