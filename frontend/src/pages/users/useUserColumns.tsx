import { App, Button, Flex, Popconfirm, Select, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Role, User } from '../../api/types';
import { useCurrentUser } from '../../auth/AuthProvider';
import { GARAGE_ROLES } from '../../auth/roles';
import { errorMessage } from '../../feedback/errorMessage';
import { displayName } from '../../format/displayName';
import { useI18n } from '../../i18n/I18nProvider';
import { useUpdateUser } from './queries';

/**
 * Columns of the accounts table, with the role, enable/disable and set-a-password actions
 * (`onSetPassword` opens the password dialog for that account).
 */
export function useUserColumns(onSetPassword: (user: User) => void): ColumnsType<User> {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const me = useCurrentUser();
  const update = useUpdateUser();

  async function change(user: User, changes: Partial<Pick<User, 'role' | 'is_active'>>) {
    try {
      await update.mutateAsync({ id: user.id, changes });
      message.success(t('users.updated'));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  function confirmRole(user: User, role: Role) {
    modal.confirm({
      title: t('users.roleConfirm', { role: t(`role.${role}`), name: displayName(user) }),
      okText: t('common.save'),
      cancelText: t('common.cancel'),
      onOk: () => change(user, { role }),
    });
  }

  return [
    {
      key: 'username',
      title: t('users.username'),
      render: (_, user) => (
        <Typography.Text strong>
          {user.username}
          {user.id === me.id && <Typography.Text type="secondary"> ({t('users.you')})</Typography.Text>}
        </Typography.Text>
      ),
    },
    {
      key: 'name',
      title: t('users.name'),
      responsive: ['lg'],
      render: (_, user) => `${user.first_name} ${user.last_name}`.trim(),
    },
    { key: 'email', dataIndex: 'email', title: t('users.email'), responsive: ['md'] },
    {
      key: 'role',
      title: t('users.role'),
      render: (_, user) =>
        // Customer accounts belong to a customer profile; the garage's roles are edited here.
        user.role === 'customer' ? (
          <Tag>{t('role.customer')}</Tag>
        ) : (
          <Select<Role>
            aria-label={`${t('users.role')} ${user.username}`}
            value={user.role}
            disabled={user.id === me.id}
            options={GARAGE_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
            onChange={(role) => confirmRole(user, role)}
            style={{ minWidth: 150 }}
          />
        ),
    },
    {
      key: 'status',
      title: t('users.status'),
      render: (_, user) =>
        user.is_active ? <Tag color="green">{t('users.active')}</Tag> : <Tag color="red">{t('users.disabled')}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      align: 'end',
      render: (_, user) => {
        // An admin cannot lock themself out, and changes their own password on the
        // change-password form (which asks for the current one).
        if (user.id === me.id) return null;
        return (
          <Flex gap={8} justify="end" wrap>
            <Button onClick={() => onSetPassword(user)}>{t('users.setPassword')}</Button>
            {user.is_active ? (
              <Popconfirm
                title={t('users.disableConfirm', { name: displayName(user) })}
                okText={t('users.disable')}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => change(user, { is_active: false })}
              >
                <Button danger>{t('users.disable')}</Button>
              </Popconfirm>
            ) : (
              <Button onClick={() => void change(user, { is_active: true })}>{t('users.enable')}</Button>
            )}
          </Flex>
        );
      },
    },
  ];
}
