import { Flex, Spin } from 'antd';
import { useI18n } from '../i18n/I18nProvider';

/** A spinner filling the screen while the session is being restored. */
export function FullPageSpinner() {
  const { t } = useI18n();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" aria-label={t('app.loading')} />
    </Flex>
  );
}
