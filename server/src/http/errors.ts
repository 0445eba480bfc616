import type { ApiError } from '@accord/shared';
import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { ZodError } from 'zod';

/** An error a route throws on purpose: becomes `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const forbidden = (reason: string) => new HttpError(403, 'forbidden', reason);
export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'Sign in first.');

export function invalidInput(error: ZodError): HttpError {
  const message = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return new HttpError(400, 'invalid_input', message);
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  const body: ApiError = { error: { code, message } };
  res.status(status).json(body);
}

export const apiNotFound: RequestHandler = (req, res) =>
  sendError(res, 404, 'not_found', `No API route ${req.method} ${req.path}`);

export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (err instanceof HttpError) return sendError(res, err.status, err.code, err.message);
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

export const conflict = (reason: string) => new HttpError(409, 'conflict', reason);

/** A refusal from `decide()`: 403 when the person may never do it, 409 when not in this state. */
export function refused(decision: { reason: string; refusal: 'forbidden' | 'conflict' }): HttpError {
  return decision.refusal === 'forbidden' ? forbidden(decision.reason) : conflict(decision.reason);
}
