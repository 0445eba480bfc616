import type { ApiError, Decision, RefusalReason } from '@accord/shared';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';

/**
 * An error a route throws on purpose: becomes `{ error: { code, message, reason? } }` with its
 * status. `reason` names a refused comment action for the client to translate.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: RefusalReason,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (message: string, reason?: RefusalReason) => new HttpError(403, 'forbidden', message, reason);
export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Sign in first.');

export function invalidInput(error: ZodError): HttpError {
  const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return new HttpError(400, 'invalid_input', message);
}

export function sendError(res: Response, status: number, code: string, message: string, reason?: string): void {
  const body: ApiError = { error: reason === undefined ? { code, message } : { code, message, reason } };
  res.status(status).json(body);
}

export const apiNotFound: RequestHandler = (req, res) =>
  sendError(res, 404, 'not_found', `No API route ${req.method} ${req.path}`);

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message, err.reason);
  // body-parser errors carry a status (malformed JSON: 400, too large: 413).
  const status = typeof err?.status === 'number' && err.status >= 400 && err.status < 500 ? err.status : 500;
  if (status === 500) console.error(err);
  sendError(
    res,
    status,
    status === 500 ? 'internal' : 'bad_request',
    status === 500 ? 'Internal error' : String(err.message),
  );
};

export const conflict = (message: string, reason?: RefusalReason) => new HttpError(409, 'conflict', message, reason);

/** A refusal from `decide()`: 403 when the person may never do it, 409 when not in this state. */
export function refused(decision: Extract<Decision, { allowed: false }>): HttpError {
  return decision.refusal === 'forbidden'
    ? forbidden(decision.reason, decision.code)
    : conflict(decision.reason, decision.code);
}
