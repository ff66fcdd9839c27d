/**
 * GraphQL Code Generator: the TypeScript types of every OMS document the extension sends,
 * derived from the OMS schema (api/oms-schema.graphql, with the directives and root fields in
 * ./schema) and the documents themselves (`graphql(…)` calls in src, see src/api/graphql.ts).
 *
 * `npm run codegen` writes src/api/generated/operations.ts; `npm run build` and
 * `npm run typecheck` run it first, so the type check always sees the current schema and
 * documents. The file is not committed: nothing can go stale.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: ["schema/federation.graphql", "../api/oms-schema.graphql", "schema/served-besides-the-subgraph.graphql"],
  documents: ["src/**/*.{ts,tsx}", "!src/**/*.test.{ts,tsx}", "!src/test/**", "!src/api/generated/**"],
  generates: {
    "src/api/generated/operations.ts": {
      plugins: ["typescript-operations", "./codegen/operation-map.cjs"],
      config: {
        // As the API serialises them (graphene): text, except BigInt, which is a JSON number.
        scalars: {
          BigInt: "number",
          Date: "string",
          DateTime: "string",
          Decimal: { input: "string | number", output: "string" },
          JSONString: "string",
          Time: "string",
        },
        strictScalars: true,
        enumType: "string-literal",
      },
    },
  },
  silent: true,
};

export default config;
