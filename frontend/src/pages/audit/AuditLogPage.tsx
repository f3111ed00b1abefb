import { useMemo, useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, DatePicker, Flex, Select, Table, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Dayjs } from 'dayjs';
import { AUDIT_ACTIONS, AUDIT_ENTITY_KINDS, exportAuditCsv, listAuditRecords } from '../../api/audit';
import { ApiError } from '../../api/errors';
import type { AuditAction, AuditEntityKind, AuditQuery, AuditRecord, User } from '../../api/types';
import { listAllUsers } from '../../api/users';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../feedback/errorMessage';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { displayName } from '../../format/displayName';
import { zonedDayRange } from '../../format/zoned';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useI18n, type I18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';
import { saveBlob } from '../importExport/download';
import { USERS_KEY } from '../users/queries';
import { useAuditColumns } from './auditParts';

const PAGE_SIZE = 50;

type Range = [Dayjs | null, Dayjs | null] | null;

/** Root query key of the audit log. */
export const AUDIT_KEY = ['audit'] as const;

/** The days picked, from the start of the first to the end of the last on the garage's clock. */
function rangeFilter(range: Range, timeZone: string): Pick<AuditQuery, 'from' | 'to'> {
  const first = range?.[0];
  const last = range?.[1];
  if (!first || !last) return {};
  return zonedDayRange(toCalendarDate(first), toCalendarDate(last), timeZone);
}

/** An account as the "who" filter lists it: its name, and its login when that differs. */
function userLabel(user: User): string {
  const name = displayName(user);
  return name === user.username ? name : `${name} (${user.username})`;
}

/** An error's message and, for a refused filter, what the server said of each field. */
function errorLines(error: unknown, t: I18n['t']): { message: string; fields: string[] } {
  const fields = error instanceof ApiError ? error.fieldErrors.map(({ field, message }) => `${field}: ${message}`) : [];
  return { message: errorMessage(error, t), fields };
}

/** The audit log (admins): who did what to what, filtered, paged, exported as CSV. */
export function AuditLogPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const timeZone = useGarageTimeZone();
  const dateFormat = useDateInputFormat();
  const [user, setUser] = useState<string | undefined>();
  const [action, setAction] = useState<AuditAction | undefined>();
  const [kind, setKind] = useState<AuditEntityKind | undefined>();
  const [range, setRange] = useState<Range>(null);
  const [exporting, setExporting] = useState(false);

  const users = useQuery({
    queryKey: [...USERS_KEY, 'all'],
    queryFn: ({ signal }) => listAllUsers(signal),
    staleTime: 60_000,
  });
  const userNames = useMemo(
    () => new Map((users.data ?? []).map((account) => [account.id, displayName(account)])),
    [users.data],
  );

  const filters: AuditQuery = { user, action, entity_kind: kind, ...rangeFilter(range, timeZone) };
  // A change of filters starts again from the first page.
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useQuery({
    queryKey: [...AUDIT_KEY, 'list', filters, pages.cursor],
    queryFn: ({ signal }) => listAuditRecords(filters, { limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });
  const columns = useAuditColumns({ userNames });

  async function download() {
    setExporting(true);
    try {
      saveBlob(await exportAuditCsv(filters), 'audit.csv');
    } catch (error) {
      const { message: text, fields } = errorLines(error, t);
      message.error([text, ...fields].join(' — '));
    } finally {
      setExporting(false);
    }
  }

  const listError = list.isError ? errorLines(list.error, t) : null;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        extra={
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void download()}>
            {t('audit.export')}
          </Button>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
        <Select<string>
          allowClear
          showSearch
          optionFilterProp="label"
          value={user}
          onChange={setUser}
          loading={users.isFetching}
          placeholder={t('audit.allUsers')}
          aria-label={t('audit.who')}
          options={(users.data ?? []).map((account) => ({ value: account.id, label: userLabel(account) }))}
          style={{ minWidth: 220 }}
        />
        <Select<AuditAction>
          allowClear
          showSearch
          optionFilterProp="label"
          value={action}
          onChange={setAction}
          placeholder={t('audit.allActions')}
          aria-label={t('audit.action')}
          options={AUDIT_ACTIONS.map((value) => ({ value, label: t(`audit.action.${value}`) }))}
          style={{ minWidth: 240 }}
        />
        <Select<AuditEntityKind>
          allowClear
          value={kind}
          onChange={setKind}
          placeholder={t('audit.allKinds')}
          aria-label={t('audit.kind')}
          options={AUDIT_ENTITY_KINDS.map((value) => ({ value, label: t(`audit.entity.${value}`) }))}
          style={{ minWidth: 180 }}
        />
        <DatePicker.RangePicker format={dateFormat} value={range} onChange={setRange} aria-label={t('common.dateRange')} />
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
        {t('audit.timeZone', { timeZone })}
      </Typography.Paragraph>
      {listError !== null && (
        <Alert
          type="error"
          showIcon
          message={listError.message}
          description={
            listError.fields.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 16 }}>
                {listError.fields.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : undefined
          }
          action={<Button onClick={() => void list.refetch()}>{t('common.retry')}</Button>}
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<AuditRecord>
        rowKey="id"
        columns={columns}
        dataSource={list.isError ? [] : (list.data?.results ?? [])}
        loading={list.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('audit.empty') }}
      />
      <CursorPager pages={pages} nextCursor={list.isError ? null : list.data?.next_cursor} loading={list.isFetching} />
    </>
  );
}
