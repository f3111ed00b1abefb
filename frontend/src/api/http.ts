import { ApiError } from './errors';
import type { BodyOf, Operation, PathsWith, ResponseOf } from './paths';

/** Asks the server to keep the refresh token in an HttpOnly cookie, not in the body. */
export const REFRESH_MODE_HEADER = { 'X-Refresh-Mode': 'cookie' } as const;

/** Query parameters; null, undefined and empty strings are left out. */
export type Query = Record<string, string | number | boolean | null | undefined>;

/** Builds `<path>?<query>` (the API is on the SPA's origin, under `/api`). */
export function apiUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return `${path}${search ? `?${search}` : ''}`;
}

/** `fetch` that turns a transport failure into an ApiError (status 0). */
export async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'same-origin', ...init });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw ApiError.network();
  }
}

/** Reads a successful response: JSON when there is a body, undefined otherwise. */
export async function readBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Sends a JSON POST without an access token (login, refresh) and reads the answer. */
export async function postJson<P extends PathsWith<'post'>>(
  path: P,
  body: BodyOf<P, 'post'>,
  headers: Record<string, string> = {},
): Promise<ResponseOf<Operation<P, 'post'>>> {
  const response = await send(apiUrl(path), {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return readBody<ResponseOf<Operation<P, 'post'>>>(response);
}
