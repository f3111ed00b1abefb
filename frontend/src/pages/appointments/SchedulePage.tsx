import { CloseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, DatePicker, Flex, Form, Input, InputNumber, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { saveSchedule } from '../../api/appointments';
import { ApiError } from '../../api/errors';
import type { CalendarDate, FieldError, OpeningPeriod, Schedule, ScheduleSettings, Weekday } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useFormat } from '../../format/useFormat';
import { WEEKDAYS, minutesOf, weekdayName } from '../../format/zoned';
import { useFormErrors } from '../../forms/useFormErrors';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { SCHEDULE_KEY, useSchedule } from './queries';

/** Most opening periods in a day, as the server accepts. */
const MAX_PERIODS = 4;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const NUMBER_FIELDS = ['slot_minutes', 'capacity', 'cutoff_hours', 'reminder_hours'] as const;
const FIELDS = ['opening_hours', 'closed_days', ...NUMBER_FIELDS];

type ScheduleValues = ScheduleSettings;

/**
 * Where the form shows a field error of the server: on its period for the opening hours
 * (`opening_hours.tuesday[0]`, also for an error on one of its two times), on the whole
 * list for a closed day; an error on no field the form has goes above the form.
 */
export function scheduleFieldError({ field, message }: FieldError): FieldError {
  const period = /^opening_hours\.(\w+)\[(\d+)\]/.exec(field);
  if (period !== null && (WEEKDAYS as readonly string[]).includes(period[1] ?? '')) {
    return { field: `opening_hours.${period[1]}[${period[2]}]`, message };
  }
  if (field === 'closed_days' || field.startsWith('closed_days[') || field.startsWith('closed_days.')) {
    return { field: 'closed_days', message };
  }
  if ((NUMBER_FIELDS as readonly string[]).includes(field)) return { field, message };
  return { field: '', message: field === '' ? message : `${field}: ${message}` };
}

/** The garage's schedule (admin): opening hours, closed days, slots and reminders. */
export function SchedulePage() {
  const { t } = useI18n();
  const schedule = useSchedule();
  if (schedule.isError) return <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />;
  if (schedule.data === undefined) return <Skeleton active />;
  // A new version (saved here or elsewhere) starts a fresh form from it.
  return <ScheduleForm key={schedule.data.version} schedule={schedule.data} title={t('schedule.title')} />;
}

function ScheduleForm({ schedule, title }: { schedule: Schedule; title: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const format = useFormat();
  const queryClient = useQueryClient();
  const invalidate = useInvalidate();
  const [form] = Form.useForm<ScheduleValues>();
  const errors = useFormErrors(form, FIELDS);
  const save = useMutation({
    mutationFn: (settings: ScheduleSettings) => saveSchedule(schedule.version, settings),
    onSuccess: async (saved) => {
      queryClient.setQueryData(SCHEDULE_KEY, saved);
      await invalidate('appointments');
    },
  });
  const initialValues: ScheduleValues = {
    opening_hours: schedule.opening_hours,
    closed_days: [...(schedule.closed_days ?? [])].sort(),
    slot_minutes: schedule.slot_minutes,
    capacity: schedule.capacity,
    cutoff_hours: schedule.cutoff_hours,
    reminder_hours: schedule.reminder_hours,
  };

  async function finish(values: ScheduleValues) {
    errors.clear();
    try {
      await save.mutateAsync(values);
      message.success(t('schedule.saved'));
    } catch (error) {
      errors.show(
        error instanceof ApiError
          ? new ApiError(
              error.status,
              {
                title: error.title ?? undefined,
                detail: error.detail ?? undefined,
                errors: error.fieldErrors.map(scheduleFieldError),
              },
              error.retryAfter,
            )
          : error,
      );
    }
  }

  const rangeRule = (min: number, max: number) => ({
    type: 'number' as const,
    required: true,
    min,
    max,
    message: t('schedule.between', { min, max }),
  });

  return (
    <>
      <PageHeader
        title={title}
        extra={
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        }
      />
      <FormErrorAlert messages={errors.messages} />
      <Form<ScheduleValues> form={form} layout="vertical" initialValues={initialValues} onFinish={finish}>
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <Card title={t('schedule.openingHours')}>
              <Typography.Paragraph type="secondary">{t('schedule.openingHoursHelp')}</Typography.Paragraph>
              {WEEKDAYS.map((day) => (
                <DayPeriods key={day} day={day} label={capitalized(weekdayName(day, locale), locale)} />
              ))}
            </Card>
          </Col>
          <Col xs={24} xl={10}>
            <Flex vertical gap={16}>
              <Card title={t('schedule.slots')}>
                <Form.Item name="slot_minutes" label={t('schedule.slotMinutes')} rules={[rangeRule(10, 480)]} extra={t('schedule.slotMinutesHelp')}>
                  <InputNumber min={10} max={480} step={5} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="capacity" label={t('schedule.capacity')} rules={[rangeRule(1, 100)]} extra={t('schedule.capacityHelp')}>
                  <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="cutoff_hours" label={t('schedule.cutoffHours')} rules={[rangeRule(0, 168)]} extra={t('schedule.cutoffHoursHelp')}>
                  <InputNumber min={0} max={168} precision={0} style={{ width: '100%' }} />
                </Form.Item>
                <Form.Item name="reminder_hours" label={t('schedule.reminderHours')} rules={[rangeRule(1, 168)]} extra={t('schedule.reminderHoursHelp')}>
                  <InputNumber min={1} max={168} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Card>
              <Card title={t('schedule.closedDays')}>
                <Form.Item name="closed_days" extra={t('schedule.closedDaysHelp')}>
                  <ClosedDaysInput />
                </Form.Item>
              </Card>
              <Typography.Text type="secondary">
                {t('schedule.timeZone', { zone: schedule.time_zone })}
                {schedule.updated_at != null && ` · ${t('schedule.updatedAt', { date: format.dateTime(schedule.updated_at) })}`}
              </Typography.Text>
            </Flex>
          </Col>
        </Row>
      </Form>
    </>
  );
}

function capitalized(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** The opening periods of one weekday: none means closed that day. */
function DayPeriods({ day, label }: { day: Weekday; label: string }) {
  const { t } = useI18n();
  return (
    <Form.List name={['opening_hours', day]}>
      {(fields, { add, remove }) => (
        <Row gutter={8} style={{ marginBottom: 8 }} role="group" aria-label={label}>
          <Col xs={24} sm={6}>
            <Typography.Text strong>{label}</Typography.Text>
          </Col>
          <Col xs={24} sm={18}>
            <Flex vertical gap={0}>
              {fields.length === 0 && (
                <Typography.Text type="secondary" style={{ marginBottom: 8 }}>
                  {t('schedule.closedAllDay')}
                </Typography.Text>
              )}
              {fields.map((field, index) => {
                const name = t('schedule.periodOf', { day: label, number: index + 1 });
                return (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={field.name}
                      style={{ marginBottom: 8 }}
                      rules={[
                        {
                          validator: (_, value?: OpeningPeriod) => {
                            if (value === undefined || !TIME.test(value.open) || !TIME.test(value.close)) {
                              return Promise.reject(new Error(t('schedule.badTime')));
                            }
                            if (minutesOf(value.open) >= minutesOf(value.close)) {
                              return Promise.reject(new Error(t('schedule.closeAfterOpen')));
                            }
                            return Promise.resolve();
                          },
                        },
                      ]}
                    >
                      <PeriodInput name={name} />
                    </Form.Item>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('schedule.removePeriod', { period: name })}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                );
              })}
              <div>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  disabled={fields.length >= MAX_PERIODS}
                  onClick={() => add(fields.length === 0 ? { open: '08:00', close: '12:00' } : { open: '14:00', close: '18:00' })}
                  aria-label={t('schedule.addPeriodTo', { day: label })}
                >
                  {t('schedule.addPeriod')}
                </Button>
              </div>
            </Flex>
          </Col>
        </Row>
      )}
    </Form.List>
  );
}

/** An opening period as two times of day, `HH:MM`. */
function PeriodInput({
  value,
  onChange,
  id,
  name,
}: {
  value?: OpeningPeriod;
  onChange?: (period: OpeningPeriod) => void;
  id?: string;
  name: string;
}) {
  const { t } = useI18n();
  const period = value ?? { open: '', close: '' };
  return (
    <Space.Compact>
      <Input
        id={id}
        value={period.open}
        onChange={(event) => onChange?.({ ...period, open: event.target.value.trim() })}
        placeholder="08:00"
        maxLength={5}
        inputMode="numeric"
        aria-label={t('schedule.opensAt', { period: name })}
        style={{ width: 88, textAlign: 'center' }}
      />
      <Input
        value={period.close}
        onChange={(event) => onChange?.({ ...period, close: event.target.value.trim() })}
        placeholder="12:00"
        maxLength={5}
        inputMode="numeric"
        aria-label={t('schedule.closesAt', { period: name })}
        style={{ width: 88, textAlign: 'center' }}
      />
    </Space.Compact>
  );
}

/** The days the garage is closed, in order: a date picker adds one, a tag's cross removes it. */
function ClosedDaysInput({
  value = [],
  onChange,
  id,
}: {
  value?: CalendarDate[];
  onChange?: (days: CalendarDate[]) => void;
  id?: string;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const dateFormat = useDateInputFormat();
  return (
    <Flex vertical gap={8}>
      <DatePicker
        id={id}
        format={dateFormat}
        value={null}
        placeholder={t('schedule.addClosedDay')}
        aria-label={t('schedule.addClosedDay')}
        onChange={(picked) => {
          if (!picked) return;
          const day = toCalendarDate(picked);
          if (!value.includes(day)) onChange?.([...value, day].sort());
        }}
        style={{ maxWidth: 260 }}
      />
      {value.length === 0 ? (
        <Typography.Text type="secondary">{t('schedule.noClosedDay')}</Typography.Text>
      ) : (
        <Flex wrap gap={4}>
          {value.map((day) => (
            <Tag
              key={day}
              closable
              closeIcon={<CloseOutlined aria-label={t('schedule.removeClosedDay', { day: format.date(day) })} />}
              onClose={(event) => {
                event.preventDefault();
                onChange?.(value.filter((other) => other !== day));
              }}
            >
              {format.date(day)}
            </Tag>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
