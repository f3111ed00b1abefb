import { CloseOutlined } from '@ant-design/icons';
import { DatePicker, Flex, Form, Input, Tag, Typography } from 'antd';
import { createRequest } from '../../api/requests';
import type { CalendarDate, ServiceRequest } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useFormat } from '../../format/useFormat';
import { addDays, todayIn } from '../../format/zoned';
import { useI18n } from '../../i18n/I18nProvider';
import { OwnCarSelect } from './BookAppointmentModal';
import { useGarageTimeZone } from './queries';
import { useRequestChange } from './requestQueries';

interface AskValues {
  car_id: string;
  description: string;
  preferred_days?: CalendarDate[];
}

const FIELDS = ['car_id', 'description', 'preferred_days'];

/** The most days a customer may say suit them. */
export const MAX_PREFERRED_DAYS = 5;

/** A letter of any script: a description needs words, not only digits and signs. */
const HAS_LETTER = /\p{L}/u;

/**
 * A customer describes a problem with one of their cars, with the days that suit them
 * (up to five, from today to a year ahead on the garage's calendar); the garage answers
 * with an appointment, a service or a message.
 */
export function AskGarageModal({ onClose, onSent }: { onClose: () => void; onSent?: (request: ServiceRequest) => void }) {
  const { t } = useI18n();
  const create = useRequestChange((values: AskValues) =>
    createRequest({
      car_id: values.car_id,
      description: values.description.trim(),
      preferred_days: values.preferred_days ?? [],
    }),
  );
  return (
    <FormModal<AskValues>
      title={t('requests.askTitle')}
      okText={t('requests.submit')}
      cancelText={t('common.cancel')}
      fields={FIELDS}
      onSubmit={async (values) => {
        const request = await create.mutateAsync(values);
        onSent?.(request);
      }}
      onClose={onClose}
    >
      <Form.Item name="car_id" label={t('appointments.car')} rules={[{ required: true, message: t('common.required') }]}>
        <OwnCarSelect />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('requests.description')}
        extra={t('requests.descriptionHelp')}
        rules={[
          { required: true, whitespace: true, message: t('common.required') },
          {
            validator: async (_rule, value: string | undefined) => {
              if (value?.trim() && !HAS_LETTER.test(value)) throw new Error(t('requests.needsLetter'));
            },
          },
        ]}
      >
        <Input.TextArea rows={4} maxLength={2000} showCount />
      </Form.Item>
      <Form.Item
        name="preferred_days"
        label={t('requests.preferredDays')}
        extra={t('requests.preferredDaysHelp')}
        rules={[
          {
            validator: async (_rule, value: CalendarDate[] | undefined) => {
              if ((value?.length ?? 0) > MAX_PREFERRED_DAYS) throw new Error(t('requests.tooManyDays'));
            },
          },
        ]}
      >
        <PreferredDaysInput />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('requests.askHelp')}</Typography.Paragraph>
    </FormModal>
  );
}

/**
 * The days that suit the customer: picked one at a time, from today to a year ahead on the
 * garage's calendar, up to five, each removable.
 */
function PreferredDaysInput({
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
  const today = todayIn(useGarageTimeZone());
  const lastDay = addDays(today, 365);
  return (
    <Flex vertical gap={8}>
      <DatePicker
        id={id}
        format={dateFormat}
        value={null}
        placeholder={t('requests.addDay')}
        disabled={value.length >= MAX_PREFERRED_DAYS}
        disabledDate={(candidate) => {
          const date = toCalendarDate(candidate);
          return date < today || date > lastDay || value.includes(date);
        }}
        onChange={(picked) => {
          if (!picked) return;
          const day = toCalendarDate(picked);
          if (!value.includes(day)) onChange?.([...value, day].sort());
        }}
        style={{ maxWidth: 260 }}
      />
      {value.length > 0 && (
        <Flex wrap gap={4}>
          {value.map((day) => (
            <Tag
              key={day}
              closable
              closeIcon={<CloseOutlined aria-label={t('requests.removeDay', { day: format.date(day) })} />}
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
