import type { TranslationState, TranslationStatus } from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from '../api/apiClient.ts';
import { refusedMessage } from '../api/errorMessage.ts';

/** Which text changed, as the sentence keys name it. */
const CHANGED: Record<Exclude<TranslationState, 'in_line'>, 'En' | 'Zh' | 'Both'> = {
  zh_out_of_date: 'En',
  en_out_of_date: 'Zh',
  both_changed: 'Both',
};

/**
 * The key of the sentence saying since when a clause is out of date: since a confirmation, or
 * (never confirmed) since the published version. Null when in line.
 */
export function sinceKey(
  status: Pick<TranslationStatus, 'state' | 'confirmedAt'>,
): `translations.since.${'confirmed' | 'version'}${'En' | 'Zh' | 'Both'}` | null {
  if (status.state === 'in_line') return null;
  const from = status.confirmedAt === null ? 'version' : 'confirmed';
  return `translations.since.${from}${CHANGED[status.state]}`;
}

/** A sentence for a failed confirmation: the server's reason for a refusal (translated if known), else a general one. */
export function describeTranslationError(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError) {
    if (error.status === 0) return t('errors.network');
    if (error.status === 401) return t('translations.errors.signedOut');
    if (error.status === 404) return t('translations.errors.notFound');
    if (error.status === 400 || error.status === 403 || error.status === 409) return refusedMessage(error, t);
  }
  return t('errors.generic');
}
