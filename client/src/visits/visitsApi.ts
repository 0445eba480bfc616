import type { MarkSeenRequest, SinceLastVisit } from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** "Since your last visit" of one consultation (see `server/src/http/visitRoutes.ts`). */
const path = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}/since-last-visit`;

/** What changed since the signed-in person last marked the changes seen. */
export function fetchSinceLastVisit(consultationId: string): Promise<SinceLastVisit> {
  return apiRequest<SinceLastVisit>('GET', path(consultationId));
}

/** Marks the changes seen (some clauses, or everything listed); answers with the summary as it then stands. */
export function markSeen(consultationId: string, request: MarkSeenRequest): Promise<SinceLastVisit> {
  return apiRequest<SinceLastVisit>('PUT', path(consultationId), request);
}

/** What `useSinceLastVisit` needs of the API (a fake one in tests). */
export interface VisitsApi {
  fetchSinceLastVisit(consultationId: string): Promise<SinceLastVisit>;
  markSeen(consultationId: string, request: MarkSeenRequest): Promise<SinceLastVisit>;
}

export const visitsApi: VisitsApi = { fetchSinceLastVisit, markSeen };
