import { vi } from 'vitest';

/** A request as the mocked `fetch` saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
  credentials: RequestCredentials | undefined;
}

/** Answers one request; `undefined` means "not expected" (answered 599 and reported). */
export type Responder = (request: SeenRequest) => Response | Promise<Response> | undefined;

/** A JSON (or problem+json, for errors) response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  const contentType = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': contentType, ...headers },
  });
}

/** A JSON body parsed; any other body (CSV text, a file) as it was sent. */
function readBody(body: RequestInit['body'], headers: Headers): unknown {
  if (typeof body === 'string' && headers.get('Content-Type') === 'application/json') return JSON.parse(body);
  return body ?? undefined;
}

/** Replaces `fetch` with `responder`; returns the list of requests it received. */
export function mockFetch(responder: Responder): SeenRequest[] {
  const seen: SeenRequest[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = new URL(String(input), 'http://localhost');
      const headers = new Headers(init.headers);
      const request: SeenRequest = {
        method: init.method ?? 'GET',
        path: url.pathname + url.search,
        headers,
        body: readBody(init.body, headers),
        credentials: init.credentials,
      };
      seen.push(request);
      const response = await responder(request);
      if (response !== undefined) return response;
      // Thrown here, the error would read as a network failure: report it instead.
      console.error(`unexpected request ${request.method} ${request.path}`);
      return new Response('unexpected request', { status: 599 });
    }),
  );
  return seen;
}

/** A promise with its resolve function exposed, to hold a response until the test says so. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}
