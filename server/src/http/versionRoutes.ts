import { compareQuerySchema, publishVersionRequestSchema } from '@accord/shared';
import { type Request, Router } from 'express';
import type { VersionService } from '../versions/VersionService.ts';
import { actingOf, idParam, parseInput } from './threadRoutes.ts';

/** Published versions of a consultation's framework, and comparisons between them and the draft. */
export function versionRoutes(deps: { versions: VersionService }): Router {
  const { versions } = deps;
  const router = Router();
  const base = '/consultations/:consultationId';
  const cid = (req: Request) => idParam(req, 'consultationId');

  router.get(`${base}/versions`, async (req, res) => {
    res.json({ versions: await versions.list(actingOf(req), cid(req)) });
  });

  router.post(`${base}/versions`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const request = parseInput(publishVersionRequestSchema, req.body);
    res.status(201).json(await versions.publish(acting, consultationId, request));
  });

  router.get(`${base}/versions/:versionId`, async (req, res) => {
    res.json(await versions.get(actingOf(req), cid(req), idParam(req, 'versionId')));
  });

  // A new draft from this version (the current one is published first): the secretariat's.
  router.post(`${base}/versions/:versionId/restore`, async (req, res) => {
    res.json(await versions.restore(actingOf(req), cid(req), idParam(req, 'versionId')));
  });

  // ?from=<version id>|draft&to=<version id>|draft (to defaults to the draft).
  router.get(`${base}/compare`, async (req, res) => {
    const acting = actingOf(req);
    const consultationId = cid(req);
    const query = parseInput(compareQuerySchema, req.query);
    res.json(await versions.compare(acting, consultationId, query));
  });

  return router;
}
