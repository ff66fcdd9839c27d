/**
 * Typed GraphQL documents of the OMS API.
 *
 * A document is the string sent to `/graphql/`; its type carries the result and variables
 * GraphQL Code Generator derives from the schema and the document (codegen.ts writes them to
 * ./generated/operations.ts). `graphql(…)` finds them by the name the source gives its
 * operation, so changing the schema or a document changes the types every component reads,
 * and the type check fails where a component no longer fits.
 *
 * Sources are plain template literals without `${…}` (codegen reads them from the files);
 * a fragment is a document of its own, passed after the source that spreads it.
 */

import type { OmsOperations } from "./generated/operations";

declare const shape: unique symbol;
declare const fragmentMark: unique symbol;

/** A document's text, typed with the result it answers and the variables it takes. */
export type TypedDocument<Result, Variables> = string & { readonly [shape]?: { result: Result; variables: Variables } };

/** A fragment's text (`fragment Rule on OmsRule { … }`), appended to the documents spreading it. */
export type Fragment = string & { readonly [fragmentMark]: true };

export type ResultOf<Document> = Document extends TypedDocument<infer Result, unknown> ? Result : never;
export type VariablesOf<Document> = Document extends TypedDocument<unknown, infer Variables> ? Variables : never;

/** The variables argument: optional when the operation requires none. */
export type VariablesArgument<Variables> = Record<string, never> extends Variables ? [variables?: Variables] : [variables: Variables];

type Blank = " " | "\n" | "\r" | "\t";
type TrimStart<Text extends string> = Text extends `${Blank}${infer Rest}` ? TrimStart<Rest> : Text;
type NameAt<Text extends string, Name extends string = ""> = Text extends `${infer Char}${infer Rest}`
  ? Char extends Blank | "(" | "{"
    ? Name
    : NameAt<Rest, `${Name}${Char}`>
  : Name;

/** The name a source gives its operation: `query Orders($first: Int) { … }` → "Orders". */
export type OperationName<Source extends string> =
  TrimStart<Source> extends `query ${infer Rest}`
    ? NameAt<TrimStart<Rest>>
    : TrimStart<Source> extends `mutation ${infer Rest}`
      ? NameAt<TrimStart<Rest>>
      : never;

/** Stands where a document's types would be when codegen knows no such operation. */
interface UnknownOperation<Source> {
  readonly notGenerated: Source;
}

export type DocumentOf<Source extends string> =
  TrimStart<Source> extends `fragment ${string}`
    ? Fragment
    : OperationName<Source> extends infer Name extends keyof OmsOperations
      ? TypedDocument<OmsOperations[Name]["result"], OmsOperations[Name]["variables"]>
      : UnknownOperation<Source>;

/** An OMS document: `source` (a literal), followed by the fragments it spreads. */
export function graphql<const Source extends string>(source: Source, ...fragments: Fragment[]): DocumentOf<Source> {
  return [source, ...fragments].join("\n") as DocumentOf<Source>;
}
