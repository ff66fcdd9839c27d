/**
 * A GraphQL Code Generator plugin writing `OmsOperations`: each operation's name mapped to the
 * result and variables types typescript-operations writes for it (`query Orders` →
 * `OrdersQuery`, `OrdersQueryVariables`). src/api/graphql.ts types a document by the name its
 * source gives the operation, so a document and its types cannot drift apart.
 */

const SUFFIX = { query: "Query", mutation: "Mutation", subscription: "Subscription" };

module.exports = {
  plugin(_schema, documents) {
    const entries = [];
    for (const { document } of documents) {
      for (const definition of document?.definitions ?? []) {
        if (definition.kind !== "OperationDefinition") continue;
        if (!definition.name) throw new Error("operation-map: every operation needs a name (src/api/graphql.ts types documents by it)");
        const name = definition.name.value;
        const type = `${name}${SUFFIX[definition.operation]}`;
        entries.push(`  ${name}: { result: ${type}; variables: ${type}Variables };`);
      }
    }
    return ["/** Each operation's result and variables, by the operation's name. */", "export interface OmsOperations {", ...entries, "}", ""].join("\n");
  },
};
