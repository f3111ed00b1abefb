import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Input, Segmented, Select, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { Service, ServiceQuery, ServiceStatus } from '../../api/types';
import { useIsStaff } from '../../auth/useIsStaff';
import { CursorPager } from '../../components/CursorPager';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useCursorPages } from '../../hooks/useCursorPages';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useI18n } from '../../i18n/I18nProvider';
import { BOARD_COLUMNS } from './board';
import { useServiceList } from './queries';
import { ScheduleServiceModal } from './ScheduleServiceModal';
import { ServicesBoard } from './ServicesBoard';
import { useServiceColumns } from './useServiceColumns';

const PAGE_SIZE = 25;
/** The board shows one page of this size: the API's largest. */
const BOARD_SIZE = 200;

type View = 'list' | 'board';
type Range = [Dayjs | null, Dayjs | null] | null;

/** The services: a list with filters, or a board by status; staff schedule new ones. */
export function ServicesPage() {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const isStaff = useIsStaff();
  const [view, setView] = useState<View>('list');
  const [status, setStatus] = useState<ServiceStatus | undefined>();
  const [searchText, setSearchText] = useState('');
  const [range, setRange] = useState<Range>(null);
  const [scheduling, setScheduling] = useState(false);
  const search = useDebouncedValue(searchText.trim(), 300);
  const filters: ServiceQuery = {
    search: search || undefined,
    scheduled_after: range?.[0] ? toCalendarDate(range[0]) : undefined,
    scheduled_before: range?.[1] ? toCalendarDate(range[1]) : undefined,
  };
  const listFilters = { ...filters, status };
  const pages = useCursorPages(JSON.stringify(listFilters));
  const list = useServiceList({ ...listFilters, limit: PAGE_SIZE, cursor: pages.cursor ?? undefined }, view === 'list');
  const board = useServiceList({ ...filters, limit: BOARD_SIZE }, view === 'board');
  const shown = view === 'list' ? list : board;
  const columns = useServiceColumns({ withTechnician: isStaff });

  return (
    <>
      <PageHeader
        title={t('services.title')}
        extra={
          isStaff && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setScheduling(true)}>
              {t('services.schedule')}
            </Button>
          )
        }
      />
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', label: t('services.list') },
            { value: 'board', label: t('services.board') },
          ]}
        />
        <Input.Search
          allowClear
          value={searchText}
          onChange={(event) => setSearchText(event.target.value)}
          placeholder={t('services.search')}
          aria-label={t('services.search')}
          style={{ maxWidth: 320 }}
        />
        {view === 'list' && (
          <Select<ServiceStatus>
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('services.allStatuses')}
            aria-label={t('services.status')}
            options={BOARD_COLUMNS.map((value) => ({ value, label: t(`status.service.${value}`) }))}
            style={{ minWidth: 160 }}
          />
        )}
        <DatePicker.RangePicker format={dateFormat} value={range} onChange={setRange} aria-label={t('common.dateRange')} />
      </Flex>
      {shown.isError && <QueryError error={shown.error} onRetry={() => void shown.refetch()} />}
      {view === 'list' ? (
        <>
          <Table<Service>
            rowKey="id"
            columns={columns}
            dataSource={list.data?.results ?? []}
            loading={list.isFetching}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: t('services.empty') }}
          />
          <CursorPager pages={pages} nextCursor={list.data?.next_cursor} loading={list.isFetching} />
        </>
      ) : (
        <>
          {board.data?.next_cursor && (
            <Typography.Paragraph type="secondary">{t('services.boardLimit', { count: BOARD_SIZE })}</Typography.Paragraph>
          )}
          <ServicesBoard services={board.data?.results ?? []} />
        </>
      )}
      {scheduling && <ScheduleServiceModal onClose={() => setScheduling(false)} />}
    </>
  );
}
