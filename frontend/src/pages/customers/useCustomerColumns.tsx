import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Customer } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { errorMessage } from '../../feedback/errorMessage';
import { displayName } from '../../format/displayName';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import { useDeleteCustomer } from './queries';

/** Columns of the customers table, with the edit and delete actions. */
export function useCustomerColumns(onEdit: (customer: Customer) => void): ColumnsType<Customer> {
  const { t } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const remove = useDeleteCustomer();

  async function confirmDelete(customer: Customer) {
    try {
      await remove.mutateAsync(customer.id);
      message.success(t('customers.deleted'));
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  return [
    {
      key: 'name',
      title: t('customers.name'),
      render: (_, customer) => (
        <Link to={`/customers/${customer.id}`} aria-label={t('customers.open', { name: displayName(customer) })}>
          <Typography.Text strong>{displayName(customer)}</Typography.Text>
        </Link>
      ),
    },
    { key: 'email', dataIndex: 'email', title: t('customers.email') },
    { key: 'phone', title: t('customers.phone'), render: (_, customer) => <LtrText>{customer.phone}</LtrText> },
    {
      key: 'created_at',
      title: t('customers.createdAt'),
      responsive: ['md'],
      render: (_, customer) => format.dateTime(customer.created_at),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      align: 'end',
      render: (_, customer) => (
        <Space>
          <Button
            icon={<EditOutlined />}
            aria-label={`${t('common.edit')} ${displayName(customer)}`}
            onClick={() => onEdit(customer)}
          />
          <Popconfirm
            title={t('customers.deleteConfirm', { name: displayName(customer) })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => confirmDelete(customer)}
          >
            <Button
              danger
              icon={<DeleteOutlined />}
              aria-label={`${t('common.delete')} ${displayName(customer)}`}
            />
          </Popconfirm>
        </Space>
      ),
    },
  ];
}
