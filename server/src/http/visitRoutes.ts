import { markSeenRequestSchema } from '@accord/shared';
import { type Request, Router } from 'express';
import type { VisitService } from '../visits/VisitService.ts';
import { actingOf, idParam, parseInput } from './threadRoutes.ts';

/**
 * "Since your last visit": what changed on a consultation since the signed-in person last marked
 * the changes seen, and marking them seen. Both answer with the `SinceLastVisit` summary.
 */
export function visitRoutes(deps: { visits: VisitService }): Router {
  const { visits } = deps;
  const router = Router();
  const path = '/consultations/:consultationId/since-last-visit';
  const cid = (req: Request) => idParam(req, 'consultationId');

  router.get(path, async (req, res) => {
    res.json(await visits.summary(actingOf(req), cid(req)));
  });

  // { generatedAt, clauses? }: 200 with the summary as it stands after the mark.
  router.put(path, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const request = parseInput(markSeenRequestSchema, req.body);
    res.json(await visits.markSeen(acting, consultationId, request));
  });

  return router;
}
