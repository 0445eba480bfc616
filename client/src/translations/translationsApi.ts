import type { ConfirmTranslationRequest, TranslationStatus, TranslationStatusResponse } from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** "Translation out of date" of one consultation (see `server/src/http/translationRoutes.ts`). */
const base = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}`;

/** Every clause's translation status (or those of `clauseIds`), in reading order. */
export function fetchTranslationStatus(
  consultationId: string,
  clauseIds?: readonly string[],
): Promise<TranslationStatusResponse> {
  const query = clauseIds === undefined ? '' : `?${new URLSearchParams({ clauseIds: clauseIds.join(',') })}`;
  return apiRequest<TranslationStatusResponse>('GET', `${base(consultationId)}/translation-status${query}`);
}

/** Confirms a clause's two texts (as the person saw them) in line; answers with its status. */
export function confirmTranslation(
  consultationId: string,
  clauseId: string,
  request: ConfirmTranslationRequest,
): Promise<TranslationStatus> {
  return apiRequest<TranslationStatus>(
    'PUT',
    `${base(consultationId)}/clauses/${encodeURIComponent(clauseId)}/translation`,
    request,
  );
}

/** What the translation store needs of the API (a fake one in tests). */
export interface TranslationsApi {
  fetchTranslationStatus(consultationId: string, clauseIds?: readonly string[]): Promise<TranslationStatusResponse>;
}

export const translationsApi: TranslationsApi = { fetchTranslationStatus };
