import { confirmTranslationRequestSchema, translationStatusQuerySchema } from '@accord/shared';
import { type Request, Router } from 'express';
import type { TranslationService } from '../translations/TranslationService.ts';
import { actingOf, idParam, parseInput } from './threadRoutes.ts';

/** "Translation out of date": every clause's status, and confirming a clause's languages in line. */
export function translationRoutes(deps: { translations: TranslationService }): Router {
  const { translations } = deps;
  const router = Router();
  const base = '/consultations/:consultationId';
  const cid = (req: Request) => idParam(req, 'consultationId');

  // ?clauseIds=a,b (at most 200): only those clauses.
  router.get(`${base}/translation-status`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const { clauseIds } = parseInput(translationStatusQuerySchema, req.query);
    res.json(await translations.status(acting, consultationId, clauseIds));
  });

  // { en, zh }: the texts the person saw as in line. 200 with the clause's status after it.
  router.put(`${base}/clauses/:clauseId/translation`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const clauseId = idParam(req, 'clauseId');
    const request = parseInput(confirmTranslationRequestSchema, req.body);
    res.json(await translations.confirm(acting, consultationId, clauseId, request));
  });

  return router;
}
