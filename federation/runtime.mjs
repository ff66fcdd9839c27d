// A gateway in front of the OMS (a running Django server) and a Saleor stand-in built from
// Saleor's own subgraph SDL; runs one operation through the gateway and prints the response.
//
// Usage: node runtime.mjs <spec.json>, where spec is
//   {"saleorSdl": path, "omsUrl": url, "orders": [{id, number, ...}],
//    "query": "...", "variables": {...}, "headers": {...}}
// The stand-in answers Query.order(id:) and _entities for Order from spec.orders, nothing more.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";
import { buildSchema } from "graphql";

const FORWARDED_HEADERS = ["authorization", "x-api-key", "saleor-api-url"];
const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const saleorSdl = readFileSync(spec.saleorSdl, "utf8");

function saleorStandIn() {
  const schema = buildSchema(
    `directive @key(fields: String!) repeatable on OBJECT | INTERFACE\n${saleorSdl}\n` +
      `extend type Query { _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }`,
  );
  const orders = new Map(spec.orders.map((order) => [order.id, { __typename: "Order", ...order }]));
  const queryType = schema.getQueryType();
  queryType.getFields().order.resolve = (_root, args) => orders.get(args.id) ?? null;
  queryType.getFields()._service.resolve = () => ({ sdl: saleorSdl });
  queryType.getFields()._entities.resolve = (_root, { representations }) =>
    representations.map((rep) => (rep.__typename === "Order" ? orders.get(rep.id) ?? null : null));
  schema.getType("_Entity").resolveType = (value) => value.__typename;
  return new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
}

class ForwardingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request, context }) {
    for (const name of FORWARDED_HEADERS) {
      const value = context.headers?.[name];
      if (value) request.http.headers.set(name, value);
    }
  }
}

const saleor = saleorStandIn();
const { url: saleorUrl } = await startStandaloneServer(saleor, { listen: { port: 0 } });
const gateway = new ApolloGateway({
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: "saleor", url: saleorUrl },
      { name: "oms", url: spec.omsUrl },
    ],
  }),
  buildService: ({ url }) => new ForwardingDataSource({ url }),
});
const server = new ApolloServer({ gateway });
const { url: gatewayUrl } = await startStandaloneServer(server, {
  listen: { port: 0 },
  context: async ({ req }) => ({ headers: req.headers }),
});
try {
  const response = await fetch(gatewayUrl, {
    method: "POST",
    headers: { "content-type": "application/json", ...spec.headers },
    body: JSON.stringify({ query: spec.query, variables: spec.variables ?? {} }),
  });
  process.stdout.write(JSON.stringify({ status: response.status, body: await response.json() }));
} finally {
  await server.stop();
  await saleor.stop();
}
