import { describe, expect, it } from 'vitest';
import { ApiError, parseRetryAfter, toProblem } from './errors';

describe('ApiError from a problem+json response', () => {
  it('keeps the status, title, detail and field errors', async () => {
    const response = new Response(
      JSON.stringify({
        type: 'https://ecar.example/problems/validation',
        title: 'Invalid input',
        status: 400,
        detail: 'Two fields are invalid',
        errors: [
          { field: 'phone', message: 'not an E.164 number' },
          { field: 'email', message: 'already taken' },
        ],
      }),
      { status: 400, headers: { 'Content-Type': 'application/problem+json' } },
    );

    const error = await ApiError.fromResponse(response);

    expect(error.status).toBe(400);
    expect(error.title).toBe('Invalid input');
    expect(error.detail).toBe('Two fields are invalid');
    expect(error.fieldErrors).toEqual([
      { field: 'phone', message: 'not an E.164 number' },
      { field: 'email', message: 'already taken' },
    ]);
    expect(error.retryAfter).toBeNull();
  });

  it('reads Retry-After on a 429', async () => {
    const response = new Response(JSON.stringify({ title: 'Too Many Requests', status: 429 }), {
      status: 429,
      headers: { 'Retry-After': '42' },
    });

    const error = await ApiError.fromResponse(response);

    expect(error.status).toBe(429);
    expect(error.retryAfter).toBe(42);
  });

  it('survives a body that is not JSON (a proxy error page)', async () => {
    const error = await ApiError.fromResponse(new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(error.status).toBe(502);
    expect(error.fieldErrors).toEqual([]);
    expect(error.detail).toBeNull();
  });
});

describe('toProblem', () => {
  it('drops malformed members instead of trusting them', () => {
    expect(
      toProblem({
        title: 7,
        detail: 'kept',
        errors: [{ field: 'name', message: 'required' }, { field: 3 }, 'oops', null],
      }),
    ).toEqual({ detail: 'kept', errors: [{ field: 'name', message: 'required' }] });
    expect(toProblem('not an object')).toEqual({});
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
