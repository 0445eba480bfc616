import type { ApiError } from '@accord/shared';

/**
 * An HTTP error from the API, carrying the server's `{ error: { code, message, reason? } }`.
 * `status` 0 means the server could not be reached at all.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds to wait before trying again, from a `Retry-After` header (429). */
    readonly retryAfterSeconds: number | null = null,
    /** Why a comment action was refused, as a machine name (see `REFUSAL_REASONS`), if the server said. */
    readonly reason: string | null = null,
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

function retryAfterSeconds(response: Response): number | null {
  const seconds = Number(response.headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body as { error: unknown };
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sends a JSON request with the session cookie; resolves to the parsed body (undefined on 204). */
export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch (cause) {
    throw new ApiRequestError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  const parsed = await readJson(response);
  if (!response.ok) {
    const retryAfter = retryAfterSeconds(response);
    if (isApiError(parsed)) {
      const { code, message, reason } = parsed.error;
      const named = typeof reason === 'string' ? reason : null;
      throw new ApiRequestError(response.status, code, message, retryAfter, named);
    }
    throw new ApiRequestError(response.status, 'http_error', `${response.status} ${response.statusText}`, retryAfter);
  }
  return parsed as T;
}
