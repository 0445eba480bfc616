import { createRoundRequestSchema, updateRoundRequestSchema } from '@accord/shared';
import { type Request, Router } from 'express';
import type { RoundService } from '../rounds/RoundService.ts';
import { actingOf, idParam, parseInput } from './threadRoutes.ts';

/**
 * Consultation rounds. Every answer carries the server's clock (`serverNow`), so pages count a
 * round's time left by it rather than by their own; states are effective states at that time.
 */
export function roundRoutes(deps: { rounds: RoundService; now?: () => number }): Router {
  const { rounds } = deps;
  const now = deps.now ?? Date.now;
  const router = Router();
  const base = '/consultations/:consultationId/rounds';
  const cid = (req: Request) => idParam(req, 'consultationId');

  router.get(base, async (req, res) => {
    res.json(await rounds.list(actingOf(req), cid(req)));
  });

  router.post(base, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const request = parseInput(createRoundRequestSchema, req.body);
    res.status(201).json({ round: await rounds.create(acting, consultationId, request), serverNow: now() });
  });

  router.patch(`${base}/:roundId`, async (req, res) => {
    const acting = actingOf(req);
    const [consultationId, roundId] = [cid(req), idParam(req, 'roundId')];
    const request = parseInput(updateRoundRequestSchema, req.body);
    res.json({ round: await rounds.update(acting, consultationId, roundId, request), serverNow: now() });
  });

  return router;
}
