import { Flex, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { fieldChanges } from '../../api/audit';
import type { AuditActor, AuditRecord } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { formatDateTime } from '../../format/date';
import { useI18n } from '../../i18n/I18nProvider';
import { useGarageTimeZone } from '../appointments/queries';

/** The longest value a change shows in full; longer ones are cut, whole in their tooltip. */
const VALUE_LENGTH = 60;

/** A changed field's value in a few characters: text as it is, the rest as JSON, null as —. */
export function compactValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function shortened(text: string): string {
  return text.length > VALUE_LENGTH ? `${text.slice(0, VALUE_LENGTH - 1)}…` : text;
}

/** One value of a change, cut when long (whole in its tooltip). */
function ChangeValue({ value }: { value: unknown }) {
  const text = compactValue(value);
  const short = shortened(text);
  return <span title={short === text ? undefined : text}>{short}</span>;
}

/**
 * The fields a record changed, one a line: `field: before → after`. Field names and values
 * are the API's, so each line reads left to right, in Arabic too.
 */
export function AuditChanges({ record }: { record: AuditRecord }) {
  const { t } = useI18n();
  const changes = fieldChanges(record);
  if (changes.length === 0) return <Typography.Text type="secondary">{t('common.notGiven')}</Typography.Text>;
  return (
    <Flex vertical gap={2}>
      {changes.map(({ field, before, after }) => (
        <Typography.Text key={field} style={{ whiteSpace: 'nowrap' }}>
          <LtrText>
            <Typography.Text type="secondary">{field}:</Typography.Text> <ChangeValue value={before} /> →{' '}
            <ChangeValue value={after} />
          </LtrText>
        </Typography.Text>
      ))}
    </Flex>
  );
}

/** Who acted: their name as it was then, their role and where from. */
export function AuditActorCell({ actor }: { actor: AuditActor }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={2} align="start">
      <Flex gap={6} align="center" wrap>
        <Typography.Text>{actor.name || t('audit.unknownActor')}</Typography.Text>
        {actor.role != null && <Tag>{t(`role.${actor.role}`)}</Tag>}
      </Flex>
      {actor.ip && (
        <Typography.Text type="secondary" aria-label={`${t('audit.ip')} ${actor.ip}`}>
          <LtrText>{actor.ip}</LtrText>
        </Typography.Text>
      )}
    </Flex>
  );
}

/** What was done, in words. */
export function AuditActionLabel({ record }: { record: AuditRecord }) {
  const { t } = useI18n();
  return <Typography.Text strong>{t(`audit.action.${record.action}`)}</Typography.Text>;
}

/** Where the thing an action was on is shown, if anywhere. */
function entityPath(record: AuditRecord): string | null {
  const id = encodeURIComponent(record.entity_id);
  switch (record.entity_kind) {
    case 'user':
      return '/users';
    case 'invoice':
      return `/invoices/${id}`;
    case 'customer':
      // A deleted customer's page is no more.
      return record.action === 'customer_deleted' ? null : `/customers/${id}`;
    case 'schedule':
      return '/appointments/schedule';
    case 'service':
      return record.action === 'service_deleted' ? null : `/services/${id}`;
    case 'car':
      // A deleted car's page is no more.
      return null;
    case 'data':
      return null;
  }
}

/** What an action was on: its kind, and a link to it named as well as the log allows. */
export function AuditEntityCell({ record, userNames }: { record: AuditRecord; userNames: ReadonlyMap<string, string> }) {
  const { t } = useI18n();
  const path = entityPath(record);
  // The name the record kept (a username, an invoice number, a customer's name) reads
  // even after a deletion; a user's current name when the record has none.
  const name =
    record.entity_kind === 'schedule'
      ? null
      : (record.label ?? (record.entity_kind === 'user' ? userNames.get(record.entity_id) : undefined));
  const label = name === null ? t('audit.entity.schedule') : (name ?? <LtrText>{record.entity_id}</LtrText>);
  return (
    <Flex gap={6} align="center" wrap>
      {record.entity_kind !== 'schedule' && <Tag>{t(`audit.entity.${record.entity_kind}`)}</Tag>}
      {path === null ? <Typography.Text>{label}</Typography.Text> : <Link to={path}>{label}</Link>}
    </Flex>
  );
}

/** The columns of a list of records: when, who, what was done, (on what,) and the changes. */
export function useAuditColumns(options: { userNames?: ReadonlyMap<string, string> } = {}): ColumnsType<AuditRecord> {
  const { t, locale } = useI18n();
  const timeZone = useGarageTimeZone();
  const { userNames } = options;
  const columns: ColumnsType<AuditRecord> = [
    {
      key: 'at',
      title: t('audit.time'),
      render: (_, record) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(record.at, locale, timeZone)}</span>,
    },
    { key: 'who', title: t('audit.who'), render: (_, record) => <AuditActorCell actor={record.actor} /> },
    { key: 'action', title: t('audit.action'), render: (_, record) => <AuditActionLabel record={record} /> },
  ];
  if (userNames !== undefined) {
    columns.push({
      key: 'what',
      title: t('audit.kind'),
      render: (_, record) => <AuditEntityCell record={record} userNames={userNames} />,
    });
  }
  columns.push({ key: 'changes', title: t('audit.changes'), render: (_, record) => <AuditChanges record={record} /> });
  return columns;
}
