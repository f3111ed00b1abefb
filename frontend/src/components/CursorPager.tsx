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
  const { t, direction } = useI18n();
  // "Previous" points back along the line: to the left, to the right in Arabic.
  const [PreviousIcon, NextIcon] = direction === 'rtl' ? [RightOutlined, LeftOutlined] : [LeftOutlined, RightOutlined];
  return (
    <Flex justify="flex-end" align="center" gap={8} style={{ marginTop: 16 }}>
      <Button icon={<PreviousIcon />} disabled={!pages.hasPrevious || loading} onClick={pages.goPrevious}>
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
        <NextIcon />
      </Button>
    </Flex>
  );
}
