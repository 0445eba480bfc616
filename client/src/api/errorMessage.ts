import type { TFunction } from 'i18next';
import { ApiRequestError } from './apiClient.ts';

/** A translated sentence for an error no screen handles specially. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError && error.status === 0) return t('errors.network');
  return t('errors.generic');
}
