import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { LeftOutlined, PlusOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Empty, Flex, Segmented, Select, Tag, Typography, theme } from 'antd';
import { useSearchParams } from 'react-router';
import { rescheduleAppointment } from '../../api/appointments';
import type { Appointment, AppointmentStatus, CalendarDate, Schedule, Slot, Timestamp } from '../../api/types';
import { LtrText } from '../../components/LtrText';
import { PageHeader } from '../../components/PageHeader';
import { QueryError } from '../../components/QueryError';
import { AppointmentStatusTag } from '../../components/StatusTag';
import { errorMessage } from '../../feedback/errorMessage';
import { addDays, formatTime, formatWeekday, todayIn, weekStart } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { AppointmentActions } from './AppointmentActions';
import { AppointmentDetails, useSlotLabel } from './AppointmentDetails';
import { isMovable } from './appointmentActions';
import { BookAppointmentModal } from './BookAppointmentModal';
import {
  appointmentsByCell,
  calendarRows,
  cellKey,
  daysFrom,
  isClosedDay,
  sameInstant,
  slotTimes,
  slotsByCell,
} from './calendar';
import { useAppointmentChange, useAppointments, useGarageTimeZone, useSchedule, useSlots } from './queries';

type View = 'week' | 'day';

/** Every appointment status, in the order of the workflow. */
export const APPOINTMENT_STATUSES: readonly AppointmentStatus[] = [
  'requested',
  'confirmed',
  'checked_in',
  'declined',
  'cancelled',
  'no_show',
];

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The garage's calendar (staff): a week (or a day) of slots on the garage's clock with the
 * appointments in them. The day, the view and the status filter are in the address
 * (`?date=2026-03-11&view=day&status=requested`), so a calendar can be linked to.
 */
export function AppointmentsCalendarPage() {
  const { t, locale, direction } = useI18n();
  const { message, modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const timeZone = useGarageTimeZone();
  const schedule = useSchedule();
  const today = todayIn(timeZone);
  const dateParam = params.get('date') ?? '';
  const date = CALENDAR_DATE.test(dateParam) ? dateParam : today;
  const view: View = params.get('view') === 'day' ? 'day' : 'week';
  const statusParam = params.get('status');
  const status = APPOINTMENT_STATUSES.find((value) => value === statusParam);
  const days = view === 'week' ? daysFrom(weekStart(date), 7) : [date];
  const from = days[0] ?? date;
  const to = days[days.length - 1] ?? date;
  const list = useAppointments({ from, to, status });
  const slots = useSlots(from, to);
  const [selected, setSelected] = useState<Appointment | null>(null);
  const [booking, setBooking] = useState<{ startsAt?: Timestamp } | null>(null);
  const move = useAppointmentChange(({ appointment, startsAt }: { appointment: Appointment; startsAt: Timestamp }) =>
    rescheduleAppointment(appointment, startsAt),
  );
  const slotLabel = useSlotLabel();
  const [PreviousIcon, NextIcon] = direction === 'rtl' ? [RightOutlined, LeftOutlined] : [LeftOutlined, RightOutlined];

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  }

  function confirmMove(appointment: Appointment, slot: Slot) {
    modal.confirm({
      title: t('appointments.moveConfirm', { plate: appointment.car.license_plate, slot: slotLabel(slot) }),
      okText: t('appointments.reschedule'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await move.mutateAsync({ appointment, startsAt: slot.starts_at });
          message.success(t('appointments.rescheduled'));
        } catch (error) {
          message.error(errorMessage(error, t));
        }
      },
    });
  }

  const appointments = list.data?.results ?? [];
  const period =
    view === 'week'
      ? `${formatWeekday(from, locale)} – ${formatWeekday(to, locale)} ${to.slice(0, 4)}`
      : formatWeekday(date, locale, 'long');
  const step = view === 'week' ? 7 : 1;

  return (
    <>
      <PageHeader
        title={t('appointments.title')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setBooking({})}>
            {t('appointments.book')}
          </Button>
        }
      />
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <Segmented<View>
          value={view}
          onChange={(value) => update({ view: value === 'day' ? 'day' : undefined })}
          options={[
            { value: 'week', label: t('appointments.week') },
            { value: 'day', label: t('appointments.dayView') },
          ]}
        />
        <Button
          icon={<PreviousIcon />}
          aria-label={view === 'week' ? t('appointments.previousWeek') : t('appointments.previousDay')}
          onClick={() => update({ date: addDays(date, -step) })}
        />
        <Button onClick={() => update({ date: undefined })}>{t('appointments.today')}</Button>
        <Button
          icon={<NextIcon />}
          aria-label={view === 'week' ? t('appointments.nextWeek') : t('appointments.nextDay')}
          onClick={() => update({ date: addDays(date, step) })}
        />
        <Typography.Text strong aria-live="polite">
          {period}
        </Typography.Text>
        <Select<AppointmentStatus>
          allowClear
          value={status}
          onChange={(value) => update({ status: value })}
          placeholder={t('appointments.allStatuses')}
          aria-label={t('appointments.status')}
          options={APPOINTMENT_STATUSES.map((value) => ({ value, label: t(`status.appointment.${value}`) }))}
          style={{ minWidth: 180 }}
        />
      </Flex>
      {list.isError && <QueryError error={list.error} onRetry={() => void list.refetch()} />}
      {schedule.isError && <QueryError error={schedule.error} onRetry={() => void schedule.refetch()} />}
      {list.data?.truncated && <Typography.Paragraph type="secondary">{t('appointments.truncated')}</Typography.Paragraph>}
      <CalendarGrid
        days={days}
        today={today}
        schedule={schedule.data}
        appointments={appointments}
        slots={slots.data?.slots ?? []}
        timeZone={timeZone}
        loading={list.isFetching}
        onOpen={setSelected}
        onBook={(startsAt) => setBooking({ startsAt })}
        onMove={confirmMove}
      />
      {selected !== null && (
        <Drawer open title={t('appointments.detailTitle')} width={Math.min(520, window.innerWidth)} onClose={() => setSelected(null)} destroyOnHidden>
          <Flex vertical gap={16}>
            <AppointmentDetails appointment={selected} onChanged={setSelected} />
            <Flex gap={8} wrap>
              <AppointmentActions appointment={selected} onChanged={setSelected} />
            </Flex>
          </Flex>
        </Drawer>
      )}
      {booking !== null && <BookAppointmentModal startsAt={booking.startsAt} onClose={() => setBooking(null)} />}
    </>
  );
}

interface GridProps {
  days: readonly CalendarDate[];
  today: CalendarDate;
  schedule: Schedule | undefined;
  appointments: readonly Appointment[];
  slots: readonly Slot[];
  timeZone: string;
  loading: boolean;
  onOpen: (appointment: Appointment) => void;
  onBook: (startsAt: Timestamp) => void;
  onMove: (appointment: Appointment, slot: Slot) => void;
}

/**
 * The calendar itself: a column per day, a row per slot time. An open appointment can be
 * dragged onto a slot with a free place to move it there.
 */
function CalendarGrid({ days, today, schedule, appointments, slots, timeZone, loading, onOpen, onBook, onMove }: GridProps) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const [dragging, setDragging] = useState<Appointment | null>(null);
  const [over, setOver] = useState<string | null>(null);
  const rows = useMemo(() => calendarRows(days, schedule, appointments, timeZone), [days, schedule, appointments, timeZone]);
  const byCell = useMemo(() => appointmentsByCell(appointments, timeZone), [appointments, timeZone]);
  const slotOf = useMemo(() => slotsByCell(slots, timeZone), [slots, timeZone]);
  const openTimes = useMemo(
    () => new Map(days.map((day) => [day, new Set(schedule === undefined ? [] : slotTimes(schedule, day))])),
    [days, schedule],
  );

  if (rows.length === 0) {
    return <Empty description={loading ? t('app.loading') : t('appointments.closedPeriod')} />;
  }

  const canDrop = (slot: Slot | undefined): slot is Slot =>
    dragging !== null && slot !== undefined && slot.free > 0 && !sameInstant(slot.starts_at, dragging.starts_at);
  const border = `1px solid ${token.colorBorderSecondary}`;

  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        aria-label={t('appointments.title')}
        aria-busy={loading}
        style={{ width: '100%', minWidth: days.length > 1 ? 980 : undefined, borderCollapse: 'collapse', tableLayout: 'fixed' }}
      >
        <thead>
          <tr>
            <th style={{ width: 64, border }} />
            {days.map((day) => {
              const closed = schedule !== undefined && isClosedDay(schedule, day);
              return (
                <th
                  key={day}
                  scope="col"
                  data-day={day}
                  style={{
                    border,
                    padding: 6,
                    fontWeight: 600,
                    background: day === today ? token.colorPrimaryBg : token.colorFillQuaternary,
                  }}
                >
                  {formatWeekday(day, locale)}
                  {closed && (
                    <Tag style={{ marginInlineStart: 6 }} bordered={false}>
                      {t('appointments.closed')}
                    </Tag>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((time) => (
            <tr key={time}>
              <th scope="row" style={{ border, padding: 4, verticalAlign: 'top', fontWeight: 400, color: token.colorTextSecondary }}>
                {time}
              </th>
              {days.map((day) => {
                const key = cellKey(day, time);
                const slot = slotOf.get(key);
                const open = openTimes.get(day)?.has(time) ?? false;
                const droppable = canDrop(slot);
                return (
                  <td
                    key={key}
                    data-day={day}
                    data-time={time}
                    style={{
                      border,
                      padding: 4,
                      verticalAlign: 'top',
                      background:
                        over === key && droppable
                          ? token.colorPrimaryBgHover
                          : open
                            ? undefined
                            : token.colorFillTertiary,
                      outline: dragging !== null && droppable ? `1px dashed ${token.colorPrimary}` : undefined,
                    }}
                    onDragOver={(event) => {
                      if (!droppable) return;
                      event.preventDefault();
                      event.dataTransfer.dropEffect = 'move';
                      setOver(key);
                    }}
                    onDragLeave={() => setOver((current) => (current === key ? null : current))}
                    onDrop={(event) => {
                      event.preventDefault();
                      setOver(null);
                      if (dragging !== null && droppable) onMove(dragging, slot);
                      setDragging(null);
                    }}
                  >
                    {(byCell.get(key) ?? []).map((appointment) => (
                      <AppointmentCard
                        key={appointment.id}
                        appointment={appointment}
                        timeZone={timeZone}
                        onOpen={() => onOpen(appointment)}
                        onDragStart={(event) => {
                          event.dataTransfer.setData('text/plain', appointment.id);
                          event.dataTransfer.effectAllowed = 'move';
                          setDragging(appointment);
                        }}
                        onDragEnd={() => {
                          setDragging(null);
                          setOver(null);
                        }}
                      />
                    ))}
                    {slot !== undefined && slot.free > 0 && (
                      <Button
                        type="text"
                        size="small"
                        onClick={() => onBook(slot.starts_at)}
                        aria-label={t('appointments.bookSlot', {
                          slot: `${formatWeekday(day, locale)} ${formatTime(slot.starts_at, locale, timeZone)}`,
                          count: slot.free,
                        })}
                        style={{ fontSize: 12, color: token.colorTextTertiary }}
                      >
                        {t('appointments.freePlaces', { count: slot.free })}
                      </Button>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One appointment in its cell: time, plate, car, customer and status; opens its details. */
function AppointmentCard({
  appointment,
  timeZone,
  onOpen,
  onDragStart,
  onDragEnd,
}: {
  appointment: Appointment;
  timeZone: string;
  onOpen: () => void;
  onDragStart: (event: DragEvent<HTMLDivElement>) => void;
  onDragEnd: () => void;
}) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const movable = isMovable(appointment);
  const time = formatTime(appointment.starts_at, locale, timeZone);
  const faded = !['requested', 'confirmed', 'checked_in'].includes(appointment.status);
  const edge: Record<AppointmentStatus, string> = {
    requested: token.colorWarning,
    confirmed: token.colorPrimary,
    checked_in: token.colorSuccess,
    declined: token.colorError,
    cancelled: token.colorTextQuaternary,
    no_show: token.colorError,
  };
  return (
    <div
      role="button"
      tabIndex={0}
      draggable={movable}
      aria-label={t('appointments.open', {
        plate: appointment.car.license_plate,
        customer: appointment.customer_name,
        time,
      })}
      onClick={onOpen}
      onKeyDown={(event: KeyboardEvent<HTMLDivElement>) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onOpen();
        }
      }}
      onDragStart={movable ? onDragStart : undefined}
      onDragEnd={onDragEnd}
      style={{
        borderInlineStart: `3px solid ${edge[appointment.status]}`,
        background: token.colorFillQuaternary,
        borderRadius: token.borderRadiusSM,
        padding: '2px 6px',
        marginBottom: 4,
        cursor: movable ? 'grab' : 'pointer',
        fontSize: 12,
        lineHeight: 1.4,
        opacity: faded ? 0.6 : 1,
        overflow: 'hidden',
      }}
    >
      <div>
        <strong>{time}</strong> · <LtrText>{appointment.car.license_plate}</LtrText>
      </div>
      <div>
        {appointment.car.make} {appointment.car.model}
      </div>
      <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>{appointment.customer_name}</div>
      <AppointmentStatusTag status={appointment.status} />
    </div>
  );
}
