import type {
  AuditEntryView,
  MatrixFilters,
  ReviewStatus,
  ReviewStatusView,
  SetReviewStatusRequest,
} from '@accord/shared';
import { apiRequest } from '../api/apiClient.ts';
import { filtersToQuery } from './filtersQuery.ts';

const base = (consultationId: string) => `/api/consultations/${encodeURIComponent(consultationId)}`;

export async function fetchReviewStatuses(consultationId: string): Promise<ReviewStatusView[]> {
  const { reviewStatuses } = await apiRequest<{ reviewStatuses: ReviewStatusView[] }>(
    'GET',
    `${base(consultationId)}/review-statuses`,
  );
  return reviewStatuses;
}

export function setReviewStatus(
  consultationId: string,
  stakeholderId: string,
  status: ReviewStatus,
): Promise<ReviewStatusView> {
  const body: SetReviewStatusRequest = { status };
  return apiRequest<ReviewStatusView>(
    'PUT',
    `${base(consultationId)}/review-statuses/${encodeURIComponent(stakeholderId)}`,
    body,
  );
}

/** Newest first. */
export async function fetchAuditLog(consultationId: string): Promise<AuditEntryView[]> {
  const { entries } = await apiRequest<{ entries: AuditEntryView[] }>('GET', `${base(consultationId)}/audit`);
  return entries;
}

export const EXPORT_FORMATS = ['xlsx', 'docx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A plain link target: the browser downloads it with the session cookie (attachment). */
export function matrixExportUrl(consultationId: string, format: ExportFormat, filters: MatrixFilters): string {
  return `${base(consultationId)}/matrix/export.${format}${filtersToQuery(filters)}`;
}
