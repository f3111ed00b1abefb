import { useMemo, useState } from 'react';
import { Alert, Button, DatePicker, Flex, Spin, Typography } from 'antd';
import type { CalendarDate, Timestamp } from '../../api/types';
import { useDateInputFormat } from '../../format/dateInput';
import { fromCalendarDate, toCalendarDate } from '../../format/dates';
import { addDays, formatTime, formatWeekday, todayIn, zonedParts } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { QueryError } from '../../components/QueryError';
import { sameInstant, slotsByDay } from './calendar';
import { useGarageTimeZone, useSlots } from './queries';

/** The last day of a month (`YYYY-MM`). */
function lastDayOf(month: string): CalendarDate {
  return addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);
}

/**
 * A free slot, picked as a day, then a time of that day: one request per month shown gives
 * the free places of every day, so the days without a free slot are greyed out in the
 * picker. Its value is the slot's start (RFC 3339); `current` (the slot an appointment
 * holds) cannot be picked again. `initialDay` is the day shown first when there is no value
 * (a day the customer asked for), unless it is past.
 */
export function SlotChooser({
  value,
  onChange,
  id,
  current,
  initialDay,
}: {
  value?: Timestamp;
  onChange?: (startsAt: Timestamp | undefined) => void;
  id?: string;
  current?: Timestamp;
  initialDay?: CalendarDate;
}) {
  const { t, locale } = useI18n();
  const dateFormat = useDateInputFormat();
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  const [day, setDay] = useState<CalendarDate | null>(() => {
    if (value !== undefined) return zonedParts(value, timeZone).date;
    return initialDay !== undefined && initialDay >= today ? initialDay : null;
  });
  const [month, setMonth] = useState((day ?? today).slice(0, 7));
  const from = `${month}-01` < today ? today : `${month}-01`;
  const to = lastDayOf(month);
  const slots = useSlots(from, to);
  const zone = slots.data?.time_zone ?? timeZone;
  const byDay = useMemo(() => slotsByDay(slots.data?.slots ?? [], zone), [slots.data, zone]);
  const hasFree = (date: CalendarDate) => (byDay.get(date) ?? []).some((slot) => slot.free > 0);
  // Until a day is picked, the first one with a free place.
  const shownDay = day ?? [...byDay.keys()].find(hasFree) ?? null;
  const daySlots = shownDay === null ? [] : (byDay.get(shownDay) ?? []);

  function pickDay(date: CalendarDate) {
    setDay(date);
    setMonth(date.slice(0, 7));
    if (value !== undefined && zonedParts(value, zone).date !== date) onChange?.(undefined);
  }

  return (
    <Flex vertical gap={12} id={id}>
      <DatePicker
        format={dateFormat}
        allowClear={false}
        value={shownDay === null ? null : fromCalendarDate(shownDay)}
        aria-label={t('appointments.day')}
        onChange={(picked) => {
          if (picked) pickDay(toCalendarDate(picked));
        }}
        onPanelChange={(picked) => setMonth(toCalendarDate(picked).slice(0, 7))}
        disabledDate={(candidate) => {
          const date = toCalendarDate(candidate);
          if (date < today) return true;
          // Days of the month whose slots are known: only those with a free place.
          return slots.data !== undefined && date >= from && date <= to && !hasFree(date);
        }}
        style={{ maxWidth: 260 }}
      />
      {slots.isError && <QueryError error={slots.error} onRetry={() => void slots.refetch()} />}
      {slots.isPending && <Spin size="small" />}
      {slots.data !== undefined && shownDay === null && (
        <Alert type="info" showIcon message={t('appointments.noSlotThisMonth')} />
      )}
      {shownDay !== null && slots.data !== undefined && (
        <div role="group" aria-label={t('appointments.slotsOf', { day: formatWeekday(shownDay, locale, 'long') })}>
          <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
            {formatWeekday(shownDay, locale, 'long')}
          </Typography.Text>
          {daySlots.length === 0 ? (
            <Typography.Text>{t('appointments.noSlotThisDay')}</Typography.Text>
          ) : (
            <Flex wrap gap={8}>
              {daySlots.map((slot) => {
                const isCurrent = current !== undefined && sameInstant(slot.starts_at, current);
                const selected = value !== undefined && sameInstant(slot.starts_at, value);
                const time = formatTime(slot.starts_at, locale, zone);
                const detail = isCurrent
                  ? t('appointments.currentSlot')
                  : slot.free === 0
                    ? t('appointments.full')
                    : t('appointments.freePlaces', { count: slot.free });
                return (
                  <Button
                    key={slot.starts_at}
                    type={selected ? 'primary' : 'default'}
                    aria-pressed={selected}
                    disabled={slot.free === 0 || isCurrent}
                    onClick={() => onChange?.(slot.starts_at)}
                    style={{ height: 'auto', paddingBlock: 4 }}
                  >
                    <Flex vertical align="center">
                      <span>{time}</span>
                      <span style={{ fontSize: 12, opacity: 0.75 }}>{detail}</span>
                    </Flex>
                  </Button>
                );
              })}
            </Flex>
          )}
        </div>
      )}
    </Flex>
  );
}
