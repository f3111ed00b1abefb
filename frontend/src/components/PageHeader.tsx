import type { ReactNode } from 'react';
import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n } from '../i18n/I18nProvider';

/** A screen's title, an optional way back, and its main actions at the end of the line. */
export function PageHeader({ title, back, extra }: { title: ReactNode; back?: string; extra?: ReactNode }) {
  const { t, direction } = useI18n();
  // Back points to where reading starts: the left, the right in Arabic.
  const BackIcon = direction === 'rtl' ? ArrowRightOutlined : ArrowLeftOutlined;
  const navigate = useNavigate();
  return (
    <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8}>
        {back !== undefined && (
          <Button type="text" icon={<BackIcon />} aria-label={t('common.back')} onClick={() => navigate(back)} />
        )}
        <Typography.Title level={3} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
      </Flex>
      {extra !== undefined && (
        <Flex gap={8} wrap>
          {extra}
        </Flex>
      )}
    </Flex>
  );
}
