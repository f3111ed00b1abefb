import { ApiError } from './errors';
import { apiUrl, readBody, send, type Query } from './http';
import { getAccessToken, renewAccessToken } from './session';

/** Options of one API call. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Calls the API with the in-memory access token. On a 401 it renews the token once
 * (one refresh shared by every concurrent caller) and retries the request once.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const url = apiUrl(path, options.query);
  const usedToken = getAccessToken();
  let response = await send(url, buildInit(options, usedToken));
  if (response.status === 401) {
    const renewed = await renewAccessToken(usedToken);
    if (renewed === null) throw await ApiError.fromResponse(response);
    response = await send(url, buildInit(options, renewed));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return readBody<T>(response);
}

function buildInit(options: RequestOptions, token: string | null): RequestInit {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    ...options.headers,
  };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  };
}

/** The `If-Match` header that makes an update conditional on the entity's version. */
export function ifMatch(version: number): Record<string, string> {
  return { 'If-Match': `"${version}"` };
}
