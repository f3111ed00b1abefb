import { ApiError } from './errors';
import { apiUrl, readBody, send, type Query } from './http';
import { fillPath, type CallArgs, type CallInit, type Method, type Operation, type PathsWith, type ResponseOf } from './paths';
import { getAccessToken, renewAccessToken } from './session';

/** Options of one API call. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  /** A JSON body, or raw bytes/text sent as they are (with their own Content-Type header). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the API with the in-memory access token. On a 401 it renews the token once
 * (one refresh shared by every concurrent caller) and retries the request once.
 * Resolves to the raw response, whatever its content type.
 */
export async function apiFetch(path: string, options: RequestOptions = {}): Promise<Response> {
  const url = apiUrl(path, options.query);
  const usedToken = getAccessToken();
  let response = await send(url, buildInit(options, usedToken));
  if (response.status === 401) {
    const renewed = await renewAccessToken(usedToken);
    if (renewed === null) throw await ApiError.fromResponse(response);
    response = await send(url, buildInit(options, renewed));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response;
}

/** `apiFetch`, reading a JSON answer. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return readBody<T>(await apiFetch(path, options));
}

/** True for bodies `fetch` sends as they are (files, CSV text). */
function isRawBody(body: unknown): body is Blob | string {
  return body instanceof Blob || typeof body === 'string';
}

function bodyText(body: unknown): string | undefined {
  return body === undefined ? undefined : JSON.stringify(body);
}

function buildInit(options: RequestOptions, token: string | null): RequestInit {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...options.headers,
  };
  if (options.body !== undefined && !isRawBody(options.body)) headers['Content-Type'] = 'application/json';
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return {
    method: options.method ?? 'GET',
    headers,
    body: isRawBody(options.body) ? options.body : bodyText(options.body),
    signal: options.signal,
  };
}

/** The `If-Match` header that makes an update conditional on the entity's version. */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}

function call<M extends Method>(method: M) {
  return <P extends PathsWith<M>>(
    path: P,
    ...[init]: CallArgs<Operation<P, M>>
  ): Promise<ResponseOf<Operation<P, M>>> => {
    const options: CallInit<Operation<P, M>> | undefined = init;
    return apiRequest<ResponseOf<Operation<P, M>>>(fillPath(path, options?.path), {
      method: method.toUpperCase() as RequestOptions['method'],
      // The generated query types are plain objects of scalars, as `Query` is.
      query: options?.query as Query | undefined,
      body: options?.body,
      headers: options?.headers,
      signal: options?.signal,
    });
  };
}

/**
 * The API, typed from the OpenAPI document: `api.get('/api/users/{id}', { path: { id } })`.
 * Paths, parameters, bodies and answers are checked against `ApiPaths`.
 */
export const api = {
  get: call('get'),
  post: call('post'),
  put: call('put'),
  patch: call('patch'),
  delete: call('delete'),
};
