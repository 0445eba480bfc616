import { castBallotRequestSchema, openVoteRequestSchema } from '@accord/shared';
import { type Request, Router } from 'express';
import type { VoteService } from '../votes/VoteService.ts';
import { actingOf, idParam, parseInput } from './threadRoutes.ts';

/**
 * Votes of a consultation. Every answer carries the server's clock (`serverNow`), so pages
 * count a vote's time left by it rather than by their own.
 */
export function voteRoutes(deps: { votes: VoteService; now?: () => number }): Router {
  const { votes } = deps;
  const now = deps.now ?? Date.now;
  const router = Router();
  const base = '/consultations/:consultationId/votes';
  const cid = (req: Request) => idParam(req, 'consultationId');

  router.get(base, async (req, res) => {
    const list = await votes.list(actingOf(req), cid(req));
    res.json({ votes: list, serverNow: now() });
  });

  router.get(`${base}/:voteId`, async (req, res) => {
    const vote = await votes.get(actingOf(req), cid(req), idParam(req, 'voteId'));
    res.json({ vote, serverNow: now() });
  });

  router.post(base, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const request = parseInput(openVoteRequestSchema, req.body);
    res.status(201).json({ vote: await votes.open(acting, consultationId, request), serverNow: now() });
  });

  router.put(`${base}/:voteId/ballots/:stakeholderId`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, voteId, stakeholderId] = [cid(req), idParam(req, 'voteId'), idParam(req, 'stakeholderId')];
    const request = parseInput(castBallotRequestSchema, req.body);
    const vote = await votes.cast(acting, consultationId, voteId, stakeholderId, request);
    res.json({ vote, serverNow: now() });
  });

  router.post(`${base}/:voteId/close`, async (req, res) => {
    const vote = await votes.close(actingOf(req), cid(req), idParam(req, 'voteId'));
    res.json({ vote, serverNow: now() });
  });

  return router;
}
