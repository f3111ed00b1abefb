import { ApiError, NETWORK_ERROR_STATUS } from '../api/errors';
import type { I18n } from '../i18n/I18nProvider';

/** A message a person can act on, for any error an API call can end with. */
export function errorMessage(error: unknown, t: I18n['t']): string {
  if (!(error instanceof ApiError)) return t('errors.server');
  switch (error.status) {
    case NETWORK_ERROR_STATUS:
      return t('errors.network');
    case 400:
      return error.detail ?? t('errors.badRequest');
    case 401:
      return t('errors.unauthorized');
    case 403:
      return t('errors.forbidden');
    case 404:
      return t('errors.notFound');
    case 409:
      return error.detail === null ? t('errors.staleVersion') : t('errors.conflict', { detail: error.detail });
    case 429:
      return rateLimitMessage(error, t);
    case 503:
      return error.retryAfter === null
        ? t('errors.server')
        : t('errors.unavailable', { seconds: error.retryAfter });
    default:
      return t('errors.server');
  }
}

/** The "too many attempts" message, with the wait the server asked for when it gave one. */
export function rateLimitMessage(error: ApiError, t: I18n['t']): string {
  return error.retryAfter === null
    ? t('errors.rateLimitedNoDelay')
    : t('errors.rateLimited', { seconds: error.retryAfter });
}
