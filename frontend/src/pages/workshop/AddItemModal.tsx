import { Form, Input, Radio } from 'antd';
import { addItem } from '../../api/services';
import type { ItemType } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { compareDecimals } from '../../format/decimal';
import { decimalRule } from '../../forms/decimalRule';
import { useI18n } from '../../i18n/I18nProvider';
import { normalizeDecimal } from '../services/items';
import { useServiceChange } from '../services/queries';
import type { ModalProps } from '../services/ServiceActionModals';

interface AddItemValues {
  item_type: ItemType;
  name: string;
  quantity: string;
  unit_price?: string;
}

const ITEM_TYPES: readonly ItemType[] = ['part', 'labor'];
const FIELDS = ['item_type', 'name', 'quantity', 'unit_price'] as const;

/**
 * Adds a part or labour (in hours) to a job. The price may stay blank: the line goes in
 * at 0 and the office prices it on the service's page.
 */
export function AddItemModal({ service, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const add = useServiceChange((values: AddItemValues) =>
    addItem(service, {
      item_type: values.item_type,
      name: values.name.trim(),
      quantity: normalizeDecimal(values.quantity),
      unit_price: values.unit_price?.trim() ? normalizeDecimal(values.unit_price) : '0',
    }),
  );
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <FormModal<AddItemValues>
      title={t('myJobs.addItemTitle', { title: service.title })}
      okText={t('items.add')}
      cancelText={t('common.cancel')}
      fields={FIELDS}
      initialValues={{ item_type: 'part', quantity: '1' }}
      onSubmit={async (values) => {
        await add.mutateAsync(values);
        onDone(t('items.added'));
      }}
      onClose={onClose}
    >
      <Form.Item name="item_type" label={t('items.type')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          options={ITEM_TYPES.map((type) => ({ value: type, label: t(`itemType.${type}`) }))}
        />
      </Form.Item>
      <Form.Item name="name" label={t('items.name')} rules={[required]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item
        name="quantity"
        label={t('items.quantity')}
        extra={t('myJobs.quantityHelp')}
        rules={[required, decimalRule(t('myJobs.quantityInvalid'), (value) => compareDecimals(value, '0') > 0)]}
      >
        <Input inputMode="decimal" />
      </Form.Item>
      <Form.Item
        name="unit_price"
        label={t('items.unitPrice')}
        extra={t('myJobs.priceHelp')}
        rules={[decimalRule(t('myJobs.priceInvalid'), (value) => compareDecimals(value, '0') >= 0)]}
      >
        <Input inputMode="decimal" />
      </Form.Item>
    </FormModal>
  );
}
