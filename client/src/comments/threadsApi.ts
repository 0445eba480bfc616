import type {
  CreateThreadRequest,
  HideCommentRequest,
  ModerateThreadRequest,
  RespondRequest,
  ThreadView,
} from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** The comments API of one consultation (see the contract: every answer is the thread's new view). */
const base = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}`;
const thread = (consultationId: string, threadId: string) =>
  `${base(consultationId)}/threads/${encodeURIComponent(threadId)}`;
const comment = (consultationId: string, commentId: string) =>
  `${base(consultationId)}/comments/${encodeURIComponent(commentId)}`;

export async function fetchThreads(consultationId: string): Promise<ThreadView[]> {
  const { threads } = await apiRequest<{ threads: ThreadView[] }>('GET', `${base(consultationId)}/threads`);
  return threads;
}

export function fetchThread(consultationId: string, threadId: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('GET', thread(consultationId, threadId));
}

export function createThread(consultationId: string, request: CreateThreadRequest): Promise<ThreadView> {
  return apiRequest<ThreadView>('POST', `${base(consultationId)}/threads`, request);
}

export function replyToThread(consultationId: string, threadId: string, body: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('POST', `${thread(consultationId, threadId)}/replies`, { body });
}

export function editComment(consultationId: string, commentId: string, body: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('PATCH', comment(consultationId, commentId), { body });
}

export function withdrawComment(consultationId: string, commentId: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('DELETE', comment(consultationId, commentId));
}

export function respondToThread(
  consultationId: string,
  threadId: string,
  request: RespondRequest,
): Promise<ThreadView> {
  return apiRequest<ThreadView>('PUT', `${thread(consultationId, threadId)}/response`, request);
}

export function applyWording(consultationId: string, threadId: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('POST', `${thread(consultationId, threadId)}/apply`);
}

export function moderateThread(
  consultationId: string,
  threadId: string,
  request: ModerateThreadRequest,
): Promise<ThreadView> {
  return apiRequest<ThreadView>('POST', `${thread(consultationId, threadId)}/moderation`, request);
}

export function hideComment(consultationId: string, commentId: string, reason: string): Promise<ThreadView> {
  const request: HideCommentRequest = { reason };
  return apiRequest<ThreadView>('POST', `${comment(consultationId, commentId)}/hide`, request);
}

export function unhideComment(consultationId: string, commentId: string): Promise<ThreadView> {
  return apiRequest<ThreadView>('POST', `${comment(consultationId, commentId)}/unhide`);
}

/** What `ThreadStore` needs of the API (a fake one in tests). */
export interface ThreadsApi {
  fetchThreads(consultationId: string): Promise<ThreadView[]>;
  fetchThread(consultationId: string, threadId: string): Promise<ThreadView>;
}

export const threadsApi: ThreadsApi = { fetchThreads, fetchThread };
