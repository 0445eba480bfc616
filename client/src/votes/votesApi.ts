import type { CastBallotRequest, OpenVoteRequest, VoteChoice, VoteListResponse, VoteView } from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** Every answer about one vote: its new view, and the server's clock when it answered. */
export interface VoteAnswer {
  vote: VoteView;
  serverNow: number;
}

/** The votes API of one consultation (see `server/src/http/voteRoutes.ts`). */
const base = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}/votes`;
const one = (consultationId: string, voteId: string) => `${base(consultationId)}/${encodeURIComponent(voteId)}`;

/** Every vote of the consultation, oldest first. */
export function fetchVotes(consultationId: string): Promise<VoteListResponse> {
  return apiRequest<VoteListResponse>('GET', base(consultationId));
}

export function fetchVote(consultationId: string, voteId: string): Promise<VoteAnswer> {
  return apiRequest<VoteAnswer>('GET', one(consultationId, voteId));
}

/** The secretariat opens a vote (201); on a subject whose last vote closed, it supersedes that one. */
export function openVote(consultationId: string, request: OpenVoteRequest): Promise<VoteAnswer> {
  return apiRequest<VoteAnswer>('POST', base(consultationId), request);
}

/** A delegate's ballot for their country, or a partner's advisory position for their organisation. */
export function castBallot(
  consultationId: string,
  voteId: string,
  stakeholderId: string,
  choice: VoteChoice,
): Promise<VoteAnswer> {
  const body: CastBallotRequest = { choice };
  return apiRequest<VoteAnswer>(
    'PUT',
    `${one(consultationId, voteId)}/ballots/${encodeURIComponent(stakeholderId)}`,
    body,
  );
}

export function closeVote(consultationId: string, voteId: string): Promise<VoteAnswer> {
  return apiRequest<VoteAnswer>('POST', `${one(consultationId, voteId)}/close`);
}

/** What `VoteStore` needs of the API (a fake one in tests). */
export interface VotesApi {
  fetchVotes(consultationId: string): Promise<VoteListResponse>;
  fetchVote(consultationId: string, voteId: string): Promise<VoteAnswer>;
}

export const votesApi: VotesApi = { fetchVotes, fetchVote };
