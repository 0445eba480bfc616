import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchConsultations } from '../api/accordApi.ts';
import { ApiRequestError } from '../api/apiClient.ts';
import { errorMessage } from '../api/errorMessage.ts';
import { consultationPath, navigate } from './router.ts';
import { useAsync } from './useAsync.ts';

interface HomePageProps {
  onSessionExpired: () => void;
}

/** `/`: opens the first consultation (the demo). There is no list page yet. */
export function HomePage({ onSessionExpired }: HomePageProps) {
  const { t } = useTranslation();
  const [consultations, retry] = useAsync(fetchConsultations);

  const first = consultations.status === 'loaded' ? consultations.data[0] : undefined;
  const expired =
    consultations.status === 'failed' &&
    consultations.error instanceof ApiRequestError &&
    consultations.error.status === 401;
  useEffect(() => {
    if (first) navigate(consultationPath(first.id), { replace: true });
    else if (expired) onSessionExpired();
  }, [first, expired, onSessionExpired]);

  return (
    <main className="page-message">
      {consultations.status === 'loading' || first || expired ? (
        <p role="status">{t('app.loading')}</p>
      ) : consultations.status === 'loaded' ? (
        <p>{t('consultation.none')}</p>
      ) : (
        <>
          <p role="alert">{errorMessage(consultations.error, t)}</p>
          <button type="button" onClick={retry}>
            {t('errors.retry')}
          </button>
        </>
      )}
    </main>
  );
}
