// A gateway in front of the OMS (a running Django server) and a Saleor stand-in built from
// Saleor's own subgraph SDL; runs one operation through the gateway and prints the response.
//
// Usage: node runtime.mjs <spec.json>, where spec is
//   {"saleorSdl": path, "omsUrl": url, "orders": [{id, number, ...}],
//    "variants": [{id, name, ...}], "query": "...", "variables": {...}, "headers": {...},
//    "forwardedHeaders": [...]}
// The stand-in answers Query.order(id:), Query.productVariant(id:, channel:) and _entities for
// Order and ProductVariant from spec.orders and spec.variants, nothing more. Like Saleor, a
// variant's `channel` is the channel it was asked in (null when asked without one): it is half
// of ProductVariant's key, so the gateway hands it to the OMS.
//
// The gateway passes on to every subgraph the caller's headers named in FORWARDED_HEADERS (the
// ones the OMS reads: README, "Federation"); spec.forwardedHeaders replaces the list, so a test
// can show what a gateway that drops one of them gets.
import { readFileSync } from "node:fs";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";
import { buildSchema } from "graphql";

const FORWARDED_HEADERS = ["authorization", "x-api-key", "saleor-api-url"];
const spec = JSON.parse(readFileSync(process.argv[2], "utf8"));
const saleorSdl = readFileSync(spec.saleorSdl, "utf8");
const forwardedHeaders = (spec.forwardedHeaders ?? FORWARDED_HEADERS).map((name) =>
  name.toLowerCase(),
);

function saleorStandIn() {
  const schema = buildSchema(
    `directive @key(fields: String!) repeatable on OBJECT | INTERFACE\n${saleorSdl}\n` +
      `extend type Query { _entities(representations: [_Any!]!): [_Entity]! _service: _Service! }`,
  );
  const orders = new Map((spec.orders ?? []).map((order) => [order.id, order]));
  const variants = new Map((spec.variants ?? []).map((variant) => [variant.id, variant]));
  const order = (id) => (orders.has(id) ? { __typename: "Order", ...orders.get(id) } : null);
  const variant = (id, channel) =>
    variants.has(id)
      ? { __typename: "ProductVariant", ...variants.get(id), channel: channel ?? null }
      : null;
  const entity = (rep) => {
    if (rep.__typename === "Order") return order(rep.id);
    if (rep.__typename === "ProductVariant") return variant(rep.id, rep.channel);
    return null;
  };
  const queryType = schema.getQueryType();
  queryType.getFields().order.resolve = (_root, args) => order(args.id);
  queryType.getFields().productVariant.resolve = (_root, args) => variant(args.id, args.channel);
  queryType.getFields()._service.resolve = () => ({ sdl: saleorSdl });
  queryType.getFields()._entities.resolve = (_root, { representations }) =>
    representations.map(entity);
  schema.getType("_Entity").resolveType = (value) => value.__typename;
  return new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
}

// Every request to a subgraph opens a connection of its own (no keep-alive): on a busy machine
// composing the supergraph can take longer than a server keeps an idle connection open (5 s),
// and a request sent on a connection the server is closing fails with ECONNRESET.
class ForwardingDataSource extends RemoteGraphQLDataSource {
  constructor(config) {
    super(config);
    const fetcher = this.fetcher;
    this.fetcher = (url, init) => fetcher(url, { ...init, agent: false });
  }

  willSendRequest({ request, context }) {
    for (const name of forwardedHeaders) {
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
