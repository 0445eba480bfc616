import type { CreateRoundRequest, Round, RoundListResponse, UpdateRoundRequest } from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** The rounds API of one consultation: every answer carries the server's clock (`serverNow`). */
const list = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}/rounds`;

export interface RoundAnswer {
  round: Round;
  serverNow: number;
}

/** Every round, the current one (effective state) and the server's clock. */
export function fetchRounds(consultationId: string): Promise<RoundListResponse> {
  return apiRequest<RoundListResponse>('GET', list(consultationId));
}

/** The secretariat creates a round (201). */
export function createRound(consultationId: string, request: CreateRoundRequest): Promise<RoundAnswer> {
  return apiRequest<RoundAnswer>('POST', list(consultationId), request);
}

/** The secretariat changes a round's title, dates or state. */
export function updateRound(
  consultationId: string,
  roundId: string,
  request: UpdateRoundRequest,
): Promise<RoundAnswer> {
  return apiRequest<RoundAnswer>('PATCH', `${list(consultationId)}/${encodeURIComponent(roundId)}`, request);
}

/** What `RoundStore` needs of the API (a fake one in tests). */
export interface RoundsApi {
  fetchRounds(consultationId: string): Promise<RoundListResponse>;
}

export const roundsApi: RoundsApi = { fetchRounds };
