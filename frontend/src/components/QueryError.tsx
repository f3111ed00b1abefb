import { Alert, Button } from 'antd';
import { errorMessage } from '../feedback/errorMessage';
import { useI18n } from '../i18n/I18nProvider';

/** A failed query's message, with a retry button. */
export function QueryError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      message={errorMessage(error, t)}
      action={<Button onClick={onRetry}>{t('common.retry')}</Button>}
      style={{ marginBottom: 16 }}
    />
  );
}
