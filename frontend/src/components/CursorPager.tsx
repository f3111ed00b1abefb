import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import type { CursorPages } from '../hooks/useCursorPages';
import { useI18n } from '../i18n/I18nProvider';

/** Previous/next buttons for a cursor-paginated list. */
export function CursorPager({
  pages,
  nextCursor,
  loading,
}: {
  pages: CursorPages;
  nextCursor: string | null | undefined;
  loading: boolean;
}) {
  const { t } = useI18n();
  return (
    <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 16 }}>
      <Button icon={<LeftOutlined />} disabled={!pages.hasPrevious || loading} onClick={pages.goPrevious}>
        {t('common.previous')}
      </Button>
      <Typography.Text aria-live="polite">{pages.pageNumber}</Typography.Text>
      <Button
        disabled={nextCursor === null || nextCursor === undefined || loading}
        onClick={() => {
          if (nextCursor) pages.goNext(nextCursor);
        }}
      >
        {t('common.next')}
        <RightOutlined />
      </Button>
    </Flex>
  );
}
