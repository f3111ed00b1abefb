import { useState } from 'react';
import { DeleteOutlined, PlusOutlined, SaveOutlined } from '@ant-design/icons';
import { App, Button, Input, Popconfirm, Select, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { addItem, removeItem, updateItem } from '../../api/services';
import type { ItemType, Service, ServiceItem } from '../../api/types';
import { errorMessage } from '../../feedback/errorMessage';
import { isDecimal } from '../../format/decimal';
import { DEFAULT_CURRENCY } from '../../format/money';
import { useFormat } from '../../format/useFormat';
import { useI18n } from '../../i18n/I18nProvider';
import {
  changedFields,
  draftOf,
  draftsSubtotal,
  draftTotal,
  EMPTY_DRAFT,
  isCompleteDraft,
  normalizeDecimal,
  type ItemDraft,
} from './items';
import { useServiceChange } from './queries';

const SCALE = DEFAULT_CURRENCY.fractionDigits;
const ITEM_TYPES: readonly ItemType[] = ['part', 'labor'];
const NEW_ROW = '__new__';

/** A row of the editor: a stored item, or the new line. */
interface Row {
  key: string;
  item: ServiceItem | null;
  draft: ItemDraft;
}

/**
 * The parts and labour of a service. Totals follow the typing, computed exactly as the
 * server will (decimal strings, rounded half away from zero); each line is saved on
 * its own, and the server's answer replaces the service shown.
 */
export function ItemsEditor({ service, editable }: { service: Service; editable: boolean }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const { message } = App.useApp();
  const [edits, setEdits] = useState<Record<string, ItemDraft>>({});
  const [newLine, setNewLine] = useState<ItemDraft>(EMPTY_DRAFT);
  const add = useServiceChange((draft: ItemDraft) =>
    addItem(service, {
      item_type: draft.item_type,
      name: draft.name.trim(),
      quantity: normalizeDecimal(draft.quantity),
      unit_price: normalizeDecimal(draft.unit_price),
    }),
  );
  const save = useServiceChange(({ item, draft }: { item: ServiceItem; draft: ItemDraft }) =>
    updateItem(service, item.id, changedFields(item, draft)),
  );
  const remove = useServiceChange((item: ServiceItem) => removeItem(service, item.id));
  const busy = add.isPending || save.isPending || remove.isPending;

  const rows: Row[] = service.items.map((item) => ({ key: item.id, item, draft: edits[item.id] ?? draftOf(item, locale) }));
  const newLineTyped = newLine.name.trim() !== '' || newLine.unit_price.trim() !== '';
  if (editable) rows.push({ key: NEW_ROW, item: null, draft: newLine });
  const counted = rows.filter((row) => row.item !== null || newLineTyped).map((row) => row.draft);
  const subtotal = editable ? draftsSubtotal(counted, SCALE) : service.subtotal;

  function change(row: Row, field: keyof ItemDraft, value: string) {
    const draft = { ...row.draft, [field]: value };
    if (row.item === null) setNewLine(draft);
    else setEdits((previous) => ({ ...previous, [row.key]: draft }));
  }

  function forget(key: string) {
    setEdits(({ [key]: _dropped, ...rest }) => rest);
  }

  async function run(action: () => Promise<unknown>, done: string, after: () => void) {
    try {
      await action();
      after();
      message.success(done);
    } catch (error) {
      message.error(errorMessage(error, t));
    }
  }

  const label = (row: Row, field: string) => `${field} ${row.item?.name ?? t('items.newLine')}`;
  const text = (row: Row, field: 'name' | 'quantity' | 'unit_price', title: string, width?: number) =>
    editable ? (
      <Input
        aria-label={label(row, title)}
        value={row.draft[field]}
        inputMode={field === 'name' ? 'text' : 'decimal'}
        status={field !== 'name' && row.draft[field] !== '' && !isDecimal(normalizeDecimal(row.draft[field])) ? 'error' : undefined}
        onChange={(event) => change(row, field, event.target.value)}
        style={{ width }}
      />
    ) : (
      row.draft[field]
    );

  const columns: ColumnsType<Row> = [
    {
      key: 'type',
      title: t('items.type'),
      render: (_, row) =>
        editable ? (
          <Select<ItemType>
            aria-label={label(row, t('items.type'))}
            value={row.draft.item_type}
            onChange={(value) => change(row, 'item_type', value)}
            options={ITEM_TYPES.map((type) => ({ value: type, label: t(`itemType.${type}`) }))}
            style={{ width: 140 }}
          />
        ) : (
          t(`itemType.${row.draft.item_type}`)
        ),
    },
    { key: 'name', title: t('items.name'), render: (_, row) => text(row, 'name', t('items.name')) },
    { key: 'quantity', title: t('items.quantity'), render: (_, row) => text(row, 'quantity', t('items.quantity'), 90) },
    {
      key: 'unit_price',
      title: t('items.unitPrice'),
      render: (_, row) => (editable ? text(row, 'unit_price', t('items.unitPrice'), 120) : format.money(normalizeDecimal(row.draft.unit_price))),
    },
    {
      key: 'total',
      title: t('items.total'),
      align: 'end',
      render: (_, row) => {
        const total = editable ? draftTotal(row.draft, SCALE) : (row.item?.total_price ?? null);
        return (
          <span aria-label={label(row, t('items.total'))}>{total === null ? t('common.notGiven') : format.money(total)}</span>
        );
      },
    },
  ];
  if (editable) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      align: 'end',
      render: (_, row) => {
        const item = row.item;
        if (item === null) {
          return (
            <Button
              icon={<PlusOutlined />}
              disabled={!isCompleteDraft(row.draft) || busy}
              onClick={() => void run(() => add.mutateAsync(row.draft), t('items.added'), () => setNewLine(EMPTY_DRAFT))}
            >
              {t('items.add')}
            </Button>
          );
        }
        const dirty = Object.keys(changedFields(item, row.draft)).length > 0;
        return (
          <Space>
            <Button
              icon={<SaveOutlined />}
              aria-label={t('items.save', { name: item.name })}
              disabled={!dirty || !isCompleteDraft(row.draft) || busy}
              onClick={() =>
                void run(() => save.mutateAsync({ item, draft: row.draft }), t('items.saved'), () => forget(item.id))
              }
            />
            <Popconfirm
              title={t('items.removeConfirm', { name: item.name })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => run(() => remove.mutateAsync(item), t('items.removed'), () => forget(item.id))}
            >
              <Button danger icon={<DeleteOutlined />} aria-label={t('items.remove', { name: item.name })} disabled={busy} />
            </Popconfirm>
          </Space>
        );
      },
    });
  }

  return (
      <Table<Row>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('items.empty') }}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}>
              <Typography.Text strong>{t('items.subtotal')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="end">
              <Typography.Text strong aria-label={t('items.subtotal')}>
                {subtotal === null ? t('common.notGiven') : format.money(subtotal)}
              </Typography.Text>
            </Table.Summary.Cell>
            {editable && <Table.Summary.Cell index={5} />}
          </Table.Summary.Row>
        )}
      />
  );
}
