import type { components, paths } from './schema';

/** Every route of the API, as the OpenAPI document describes it. */
export type ApiPaths = paths;

/** A schema of the OpenAPI document, by name. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** HTTP methods, as the document names them. */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths that have an operation for `M`. */
export type PathsWith<M extends Method> = {
  [P in keyof ApiPaths]: ApiPaths[P] extends { [K in M]: object } ? P : never;
}[keyof ApiPaths];

/** The operation of `M` on `P`. */
export type Operation<P extends keyof ApiPaths, M extends Method> = ApiPaths[P] extends {
  [K in M]: infer O;
}
  ? O
  : never;

type PathParams<O> = O extends { parameters: { path: infer X } } ? X : never;
type QueryParams<O> = O extends { parameters: { query?: infer X } } ? X : never;
type RequiredBody<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B : never;

type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessContent<R> = {
  [S in keyof R & SuccessStatus]: R[S] extends { content: { 'application/json': infer J } } ? J : undefined;
}[keyof R & SuccessStatus];

/** What a successful call of the operation answers (undefined for 204). */
export type ResponseOf<O> = O extends { responses: infer R } ? SuccessContent<R> : never;

/** The JSON body the operation takes. */
export type BodyOf<P extends keyof ApiPaths, M extends Method> = RequiredBody<Operation<P, M>>;

/** The query parameters the operation takes. */
export type QueryOf<P extends keyof ApiPaths, M extends Method> = QueryParams<Operation<P, M>>;

/** What a call of the operation needs besides its path. */
export type CallInit<O> = ([PathParams<O>] extends [never] ? { path?: never } : { path: PathParams<O> }) &
  ([QueryParams<O>] extends [never] ? { query?: never } : { query?: QueryParams<O> }) &
  ([RequiredBody<O>] extends [never] ? { body?: never } : { body: RequiredBody<O> }) & {
    headers?: Record<string, string>;
    signal?: AbortSignal;
  };

/** `[init]` when the operation needs something, `[init?]` otherwise. */
export type CallArgs<O> = [PathParams<O>] extends [never]
  ? [RequiredBody<O>] extends [never]
    ? [init?: CallInit<O>]
    : [init: CallInit<O>]
  : [init: CallInit<O>];

/** Fills `{name}` placeholders of a path with encoded parameter values. */
export function fillPath(path: string, params: unknown): string {
  const values: Partial<Record<string, unknown>> =
    typeof params === 'object' && params !== null ? { ...params } : {};
  return path.replace(/\{(\w+)\}/g, (_placeholder, name: string) => {
    const value = values[name];
    if (typeof value !== 'string') throw new Error(`missing path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}
