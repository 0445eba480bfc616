import type {
  Comparison,
  PublishVersionRequest,
  RestoreVersionResponse,
  VersionSummary,
  VersionView,
} from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';

/** The versions API of one consultation: published versions, and comparisons of two texts. */
const base = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}`;
const list = (consultationId: string) => `${base(consultationId)}/versions`;

export interface VersionListResponse {
  /** Newest first. */
  versions: VersionSummary[];
}

/** Every published version of the consultation, newest first. */
export function fetchVersions(consultationId: string): Promise<VersionListResponse> {
  return apiRequest<VersionListResponse>('GET', list(consultationId));
}

/** One version with its frozen framework and threads. */
export function fetchVersion(consultationId: string, versionId: string): Promise<VersionView> {
  return apiRequest<VersionView>('GET', `${list(consultationId)}/${encodeURIComponent(versionId)}`);
}

/** The secretariat freezes the current draft as a version (201). */
export function publishVersion(consultationId: string, request: PublishVersionRequest): Promise<VersionSummary> {
  return apiRequest<VersionSummary>('POST', list(consultationId), request);
}

/**
 * The secretariat starts a new draft from a version: the current draft is published as a version
 * first, then every clause text that differs is set back to the version's.
 */
export function restoreVersion(consultationId: string, versionId: string): Promise<RestoreVersionResponse> {
  return apiRequest<RestoreVersionResponse>('POST', `${list(consultationId)}/${encodeURIComponent(versionId)}/restore`);
}

/** `from` and `to`: a version's id, or `draft` for the live framework. */
export function fetchComparison(consultationId: string, from: string, to: string): Promise<Comparison> {
  const query = new URLSearchParams({ from, to });
  return apiRequest<Comparison>('GET', `${base(consultationId)}/compare?${query}`);
}

/** What `VersionStore` needs of the API (a fake one in tests). */
export interface VersionsApi {
  fetchVersions(consultationId: string): Promise<VersionListResponse>;
}

export const versionsApi: VersionsApi = { fetchVersions };
