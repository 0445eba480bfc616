import { type Action, type Actor, type Consultation, decide, type PolicyContext } from '@accord/shared';
import type { PeopleById } from '../comments/threadViews.ts';
import { notFound, refused } from '../http/errors.ts';
import type { Storage } from '../storage/Storage.ts';

/** Throws the shared policy's refusal (403 forbidden, 409 conflict) when it says no. */
export function requireAllowed(actor: Actor, action: Action, context: PolicyContext = {}): void {
  const decision = decide(actor, action, context);
  if (!decision.allowed) throw refused(decision);
}

/** The consultation, if it exists (else 404) and this person may read it (else 403). */
export async function requireReadableConsultation(
  storage: Storage,
  actor: Actor,
  consultationId: string,
): Promise<Consultation> {
  const consultation = await storage.getConsultation(consultationId);
  if (consultation === null) throw notFound('Consultation');
  requireAllowed(actor, 'consultation.read', { consultationId });
  return consultation;
}

/** Everyone by id, for the names in views. */
export async function peopleById(storage: Storage): Promise<PeopleById> {
  return new Map((await storage.listPeople()).map((p) => [p.id, p]));
}
