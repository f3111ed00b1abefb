import { useState } from 'react';
import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { listCustomers } from '../api/customers';
import { displayName } from '../format/displayName';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { useI18n } from '../i18n/I18nProvider';

/** A customer picked by searching the server (name, email, phone, plate). */
export function CustomerSelect({
  value,
  onChange,
  id,
}: {
  value?: string;
  onChange?: (customerId: string) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search.trim(), 300);
  const customers = useQuery({
    queryKey: ['customers', 'pick', debounced],
    queryFn: ({ signal }) => listCustomers({ search: debounced || undefined, limit: 20 }, signal),
  });
  return (
    <Select<string>
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={setSearch}
      loading={customers.isFetching}
      placeholder={t('customers.pickCustomer')}
      aria-label={t('customers.pickCustomer')}
      options={(customers.data?.results ?? []).map((customer) => ({
        value: customer.id,
        label: `${displayName(customer)} · ${customer.email}`,
      }))}
    />
  );
}
