import {
  createThreadRequestSchema,
  editCommentRequestSchema,
  hideCommentRequestSchema,
  idSchema,
  matrixFiltersSchema,
  moderateThreadRequestSchema,
  replyRequestSchema,
  respondRequestSchema,
  setReviewStatusRequestSchema,
} from '@accord/shared';
import { type Request, type Response, Router } from 'express';
import type { z } from 'zod';
import type { SignInThrottle as SlidingWindowLimit } from '../auth/LoginThrottle.ts';
import { actorOf, requirePerson } from '../auth/sessionActor.ts';
import type { Acting, ThreadService } from '../comments/ThreadService.ts';
import type { MatrixExportFormat } from '../matrix/exports.ts';
import { HttpError, invalidInput, notFound } from './errors.ts';

const EXPORT_FORMATS: readonly MatrixExportFormat[] = ['csv', 'xlsx', 'docx'];
const isExportFormat = (value: unknown): value is MatrixExportFormat =>
  typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);

/** Validates with a shared schema: a 400 that says what is wrong, or the typed value. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

export function actingOf(req: Request): Acting {
  const person = requirePerson(req);
  return { person, actor: actorOf(person) };
}

/** Route parameters are ids: anything else is a 400, never a database lookup. */
export function idParam(req: Request, name: string): string {
  return parseInput(idSchema, req.params[name]);
}

/** Threads, comments, responses, moderation, review statuses and the audit log of a consultation. */
export function threadRoutes(deps: {
  threads: ThreadService;
  /** New threads and replies per person: no human writes this fast; a runaway script is stopped. */
  postingLimit: SlidingWindowLimit;
}): Router {
  const { threads, postingLimit } = deps;

  /** Counts a post against the person's budget, or answers 429 with when to try again. */
  async function countPost(acting: Acting, res: Response): Promise<void> {
    const attempt = await postingLimit.attempt([acting.person.id]);
    if (attempt.allowed) return;
    res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
    throw new HttpError(
      429,
      'too_many_posts',
      `You are posting faster than anyone can read: try again in ${attempt.retryAfterSeconds} s.`,
      'posting_too_fast',
    );
  }
  const router = Router();
  const base = '/consultations/:consultationId';
  const cid = (req: Request) => idParam(req, 'consultationId');

  router.get(`${base}/threads`, async (req, res) => {
    res.json({ threads: await threads.listThreads(actingOf(req), cid(req)) });
  });

  router.get(`${base}/threads/:threadId`, async (req, res) => {
    res.json(await threads.getThread(actingOf(req), cid(req), idParam(req, 'threadId')));
  });

  router.post(`${base}/threads`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const request = parseInput(createThreadRequestSchema, req.body);
    await countPost(acting, res);
    res.status(201).json(await threads.createThread(acting, consultationId, request));
  });

  router.post(`${base}/threads/:threadId/replies`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, threadId] = [cid(req), idParam(req, 'threadId')];
    const request = parseInput(replyRequestSchema, req.body);
    await countPost(acting, res);
    res.status(201).json(await threads.reply(acting, consultationId, threadId, request));
  });

  router.patch(`${base}/comments/:commentId`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, commentId] = [cid(req), idParam(req, 'commentId')];
    const request = parseInput(editCommentRequestSchema, req.body);
    res.json(await threads.editComment(acting, consultationId, commentId, request));
  });

  router.delete(`${base}/comments/:commentId`, async (req, res) => {
    res.json(await threads.withdrawComment(actingOf(req), cid(req), idParam(req, 'commentId')));
  });

  router.put(`${base}/threads/:threadId/response`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, threadId] = [cid(req), idParam(req, 'threadId')];
    const request = parseInput(respondRequestSchema, req.body);
    res.json(await threads.respond(acting, consultationId, threadId, request));
  });

  router.post(`${base}/threads/:threadId/apply`, async (req, res) => {
    res.json(await threads.applyWording(actingOf(req), cid(req), idParam(req, 'threadId')));
  });

  router.post(`${base}/threads/:threadId/moderation`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, threadId] = [cid(req), idParam(req, 'threadId')];
    const request = parseInput(moderateThreadRequestSchema, req.body);
    res.json(await threads.moderate(acting, consultationId, threadId, request));
  });

  router.post(`${base}/comments/:commentId/hide`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, commentId] = [cid(req), idParam(req, 'commentId')];
    const request = parseInput(hideCommentRequestSchema, req.body);
    res.json(await threads.hideComment(acting, consultationId, commentId, request));
  });

  router.post(`${base}/comments/:commentId/unhide`, async (req, res) => {
    res.json(await threads.unhideComment(actingOf(req), cid(req), idParam(req, 'commentId')));
  });

  router.get(`${base}/review-statuses`, async (req, res) => {
    res.json({ reviewStatuses: await threads.listReviewStatuses(actingOf(req), cid(req)) });
  });

  router.put(`${base}/review-statuses/:stakeholderId`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, stakeholderId] = [cid(req), idParam(req, 'stakeholderId')];
    const request = parseInput(setReviewStatusRequestSchema, req.body);
    res.json(await threads.setReviewStatus(acting, consultationId, stakeholderId, request));
  });

  router.get(`${base}/audit`, async (req, res) => {
    res.json({ entries: await threads.listAudit(actingOf(req), cid(req)) });
  });

  router.get(`${base}/matrix`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const filters = parseInput(matrixFiltersSchema, req.query);
    res.json((await threads.matrix(acting, consultationId, filters)).view);
  });

  // The same rows as the page with the same filters, as a file to circulate.
  router.get(`${base}/matrix/export.:format`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const { format } = req.params;
    if (!isExportFormat(format)) throw notFound(`Export format "${format}"`);
    const filters = parseInput(matrixFiltersSchema, req.query);
    const { consultation, view } = await threads.matrixForExport(acting, consultationId, filters);
    const context = { consultationTitle: consultation.title, generatedAt: new Date() };
    // The exporters (docx, exceljs) load on the first download, not at every start.
    const exports = await import('../matrix/exports.ts');
    const exporters = { csv: exports.matrixToCsv, xlsx: exports.matrixToXlsx, docx: exports.matrixToDocx };
    const file = await exporters[format](view, context);
    res.setHeader('Content-Type', exports.MATRIX_EXPORT_CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${exports.exportFileName(context, format)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(file);
  });

  return router;
}
