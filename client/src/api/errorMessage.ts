import { isRefusalReason } from '@accord/shared';
import type { TFunction } from 'i18next';
import { ApiRequestError } from './apiClient.ts';

/**
 * Why the server refused, in the UI language: a reason the client knows is translated; one it
 * does not know yet (a newer server), or none, shows the server's own (English) message.
 */
export function refusalReason(error: ApiRequestError, t: TFunction): string {
  return isRefusalReason(error.reason) ? t(`errors.reasons.${error.reason}`) : error.message;
}

/** "Not done: <why>", translated, for a refused action. */
export function refusedMessage(error: ApiRequestError, t: TFunction): string {
  return t('errors.refused', { reason: refusalReason(error, t) });
}

/** A translated sentence for an error no screen handles specially. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiRequestError && error.status === 0) return t('errors.network');
  // A refusal that names its reason says why; other failures stay general.
  if (error instanceof ApiRequestError && error.reason !== null) return refusedMessage(error, t);
  return t('errors.generic');
}
