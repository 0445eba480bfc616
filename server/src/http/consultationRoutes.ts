import {
  type ConsultationResponse,
  can,
  capabilities,
  clauseDocumentName,
  clauseDocumentPrefix,
  idSchema,
  type Language,
  type RoundState,
} from '@accord/shared';
import { Router } from 'express';
import { actorOf, requirePerson } from '../auth/sessionActor.ts';
import type { Storage } from '../storage/Storage.ts';
import { forbidden, invalidInput, notFound } from './errors.ts';

export function consultationRoutes(deps: {
  storage: Storage;
  /** The current round, so capabilities follow it (absent: no round rule). */
  rounds?: { current(consultationId: string): Promise<{ state: RoundState } | null> };
}): Router {
  const router = Router();

  router.get('/consultations', async (req, res) => {
    const actor = actorOf(requirePerson(req));
    const all = await deps.storage.listConsultations();
    res.json(all.filter((c) => can(actor, 'consultation.read', { consultationId: c.id })));
  });

  router.get('/consultations/:id', async (req, res) => {
    const actor = actorOf(requirePerson(req));
    const id = idSchema.safeParse(req.params.id);
    if (!id.success) throw invalidInput(id.error);
    const context = { consultationId: id.data };
    const [consultation, framework] = await Promise.all([
      deps.storage.getConsultation(id.data),
      deps.storage.getFramework(id.data),
    ]);
    if (!consultation || !framework) throw notFound('Consultation');
    if (!can(actor, 'consultation.read', context)) throw forbidden('You may not read this consultation.');
    const texts = await deps.storage.getDocumentTexts(clauseDocumentPrefix(id.data));
    const clauseTexts: ConsultationResponse['clauseTexts'] = {};
    for (const clause of framework.clauses) {
      const text = (language: Language) => texts.get(clauseDocumentName(id.data, clause.id, language)) ?? '';
      clauseTexts[clause.id] = { en: text('en'), zh: text('zh') };
    }
    const body: ConsultationResponse = {
      consultation,
      framework,
      stakeholders: await deps.storage.listStakeholders(),
      clauseTexts,
      // As of now, with the current round's rules (the page reads them when it loads).
      capabilities: capabilities(actor, { ...context, round: (await deps.rounds?.current(id.data)) ?? null }),
    };
    res.json(body);
  });

  return router;
}
