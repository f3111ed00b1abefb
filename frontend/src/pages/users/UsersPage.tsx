import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Table, Typography } from 'antd';
import type { User } from '../../api/types';
import { CursorPager } from '../../components/CursorPager';
import { errorMessage } from '../../feedback/errorMessage';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useI18n } from '../../i18n/I18nProvider';
import { SetPasswordModal } from './SetPasswordModal';
import { UserFormModal } from './UserFormModal';
import { useUserColumns } from './useUserColumns';
import { useUserList } from './queries';

const PAGE_SIZE = 50;

/** Account management for administrators: list, create, change role, disable, set a password. */
export function UsersPage() {
  const { t } = useI18n();
  const pages = useCursorPages('');
  const list = useUserList({ limit: PAGE_SIZE, cursor: pages.cursor });
  // Each opening gets a new key, hence a blank form.
  const [creating, setCreating] = useState({ open: false, opening: 0 });
  // The account whose password is being set, while its dialog is open.
  const [settingPassword, setSettingPassword] = useState<User | null>(null);
  const columns = useUserColumns(setSettingPassword);

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating((previous) => ({ open: true, opening: previous.opening + 1 }))}>
          {t('users.new')}
        </Button>
      </Flex>
      {list.isError && (
        <Alert
          type="error"
          showIcon
          message={errorMessage(list.error, t)}
          action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<User>
        rowKey="id"
        columns={columns}
        dataSource={list.data?.results ?? []}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('users.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
      <UserFormModal
        key={creating.opening}
        open={creating.open}
        onClose={() => setCreating((previous) => ({ ...previous, open: false }))}
      />
      {settingPassword !== null && (
        <SetPasswordModal user={settingPassword} onClose={() => setSettingPassword(null)} />
      )}
    </>
  );
}
