import type { FieldError, Problem } from './types';

/** An HTTP status of 0 means the request never got an answer (network failure). */
export const NETWORK_ERROR_STATUS = 0;

/** A failed API call: the problem+json body in typed form, plus Retry-After if sent. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string | null;
  readonly detail: string | null;
  readonly type: string | null;
  readonly fieldErrors: FieldError[];
  /** Seconds to wait before retrying (429 and 503), when the server said so. */
  readonly retryAfter: number | null;

  constructor(status: number, problem: Problem = {}, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.title = problem.title ?? null;
    this.detail = problem.detail ?? null;
    this.type = problem.type ?? null;
    this.fieldErrors = problem.errors ?? [];
    this.retryAfter = retryAfter;
  }

  /** Builds the error from a non-2xx response, whatever its body holds. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const problem = await readProblem(response);
    return new ApiError(
      response.status,
      problem,
      parseRetryAfter(response.headers.get('Retry-After')),
    );
  }

  /** The error for a request that got no response at all. */
  static network(): ApiError {
    return new ApiError(NETWORK_ERROR_STATUS);
  }
}

/** Reads a problem+json body; anything unexpected in it is dropped, not trusted. */
async function readProblem(response: Response): Promise<Problem> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return {};
  }
  return toProblem(body);
}

/** Keeps only the well-typed members of an untrusted problem body. */
export function toProblem(body: unknown): Problem {
  if (typeof body !== 'object' || body === null) return {};
  const raw = body as Record<string, unknown>;
  const problem: Problem = {};
  if (typeof raw.type === 'string') problem.type = raw.type;
  if (typeof raw.title === 'string') problem.title = raw.title;
  if (typeof raw.status === 'number') problem.status = raw.status;
  if (typeof raw.detail === 'string') problem.detail = raw.detail;
  if (Array.isArray(raw.errors)) problem.errors = raw.errors.filter(isFieldError);
  return problem;
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.field === 'string' && typeof entry.message === 'string';
}

/** Parses `Retry-After` (delay in seconds, or an HTTP date) into whole seconds. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** True when the error is an ApiError with one of the given statuses. */
export function isApiError(error: unknown, ...statuses: number[]): error is ApiError {
  return error instanceof ApiError && (statuses.length === 0 || statuses.includes(error.status));
}
