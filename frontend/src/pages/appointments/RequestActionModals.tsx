import { useRef } from 'react';
import { DatePicker, Form, Input, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { bookRequest, closeRequest, openServiceForRequest } from '../../api/requests';
import { isApiError } from '../../api/errors';
import type { ServiceRequest, Timestamp } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { fromCalendarDate, toCalendarDate } from '../../format/dates';
import { todayIn } from '../../format/zoned';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { checkInTitle } from './appointmentActions';
import { useGarageTimeZone } from './queries';
import { REQUESTS_KEY, useRequestChange } from './requestQueries';
import { usePreferredDaysText } from './requestFormat';
import { SlotChooser } from './SlotChooser';

interface ModalProps {
  request: ServiceRequest;
  onClose: () => void;
  /** Told the changed request and a message to show. */
  onDone: (changed: ServiceRequest, text: string) => void;
}

/** The first day the customer asked for that is not past, if any. */
function firstPreferredDay(request: ServiceRequest, today: string): string | undefined {
  return [...request.preferred_days].sort().find((day) => day >= today);
}

/**
 * After a conflict (the request was answered meanwhile, or the slot filled up) the slots
 * are asked again at once, and the requests once the dialog closes: refreshed while it is
 * open, the list could drop the request's row, and the dialog with the server's message.
 */
function useConflictRefresh(onClose: () => void) {
  const invalidate = useInvalidate();
  const stale = useRef(false);
  return {
    seen: (error: unknown) => {
      if (isApiError(error, 409)) {
        stale.current = true;
        void invalidate('appointments');
      }
      return error;
    },
    close: () => {
      if (stale.current) void invalidate(REQUESTS_KEY[0]);
      onClose();
    },
  };
}

/** Books a confirmed appointment for an open request in a free slot, from the first day the customer asked for. */
export function BookRequestModal({ request, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const timeZone = useGarageTimeZone();
  const preferred = usePreferredDaysText();
  const conflict = useConflictRefresh(onClose);
  const book = useRequestChange((startsAt: Timestamp) => bookRequest(request, startsAt));
  return (
    <FormModal<{ starts_at: Timestamp }>
      title={t('requests.bookTitle', { plate: request.car.license_plate, customer: request.customer_name })}
      okText={t('requests.bookSubmit')}
      cancelText={t('common.cancel')}
      fields={['starts_at']}
      onSubmit={async ({ starts_at }) => {
        try {
          onDone(await book.mutateAsync(starts_at), t('requests.booked'));
        } catch (error) {
          throw conflict.seen(error);
        }
      }}
      onClose={conflict.close}
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{request.description}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{preferred(request.preferred_days)}</Typography.Paragraph>
      <Form.Item name="starts_at" label={t('appointments.slot')} rules={[{ required: true, message: t('appointments.pickSlot') }]}>
        <SlotChooser initialDay={firstPreferredDay(request, todayIn(timeZone))} />
      </Form.Item>
      <Typography.Paragraph type="secondary">{t('requests.bookHelp')}</Typography.Paragraph>
    </FormModal>
  );
}

interface OpenServiceValues {
  title: string;
  service_type?: string;
  scheduled_date: Dayjs;
}

/** Opens a service on the request's car, titled from the first line of the problem described. */
export function OpenServiceForRequestModal({ request, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const timeZone = useGarageTimeZone();
  const today = todayIn(timeZone);
  const conflict = useConflictRefresh(onClose);
  const open = useRequestChange((values: OpenServiceValues) =>
    openServiceForRequest(request, {
      title: values.title.trim(),
      service_type: values.service_type?.trim() || undefined,
      scheduled_date: toCalendarDate(values.scheduled_date),
    }),
  );
  const required = { required: true, whitespace: true, message: t('common.required') };
  return (
    <FormModal<OpenServiceValues>
      title={t('requests.openServiceTitle', { plate: request.car.license_plate, customer: request.customer_name })}
      okText={t('requests.openServiceSubmit')}
      cancelText={t('common.cancel')}
      fields={['title', 'service_type', 'scheduled_date']}
      initialValues={{
        title: checkInTitle(request.description) || undefined,
        service_type: 'maintenance',
        scheduled_date: fromCalendarDate(firstPreferredDay(request, today) ?? today),
      }}
      onSubmit={async (values) => {
        try {
          onDone(await open.mutateAsync(values), t('requests.serviceOpened'));
        } catch (error) {
          throw conflict.seen(error);
        }
      }}
      onClose={conflict.close}
    >
      <Form.Item name="title" label={t('services.titleField')} extra={t('requests.openServiceTitleHelp')} rules={[required]}>
        <Input autoComplete="off" maxLength={200} />
      </Form.Item>
      <Form.Item name="service_type" label={t('services.type')} extra={t('services.typeHelp')}>
        <Input autoComplete="off" maxLength={50} />
      </Form.Item>
      <Form.Item name="scheduled_date" label={t('services.scheduledDate')} rules={[{ required: true, message: t('common.required') }]}>
        <DatePicker format={dateFormat} style={{ width: '100%' }} />
      </Form.Item>
    </FormModal>
  );
}

/** Closes a request with an answer, which the customer receives. */
export function CloseRequestModal({ request, onClose, onDone }: ModalProps) {
  const { t } = useI18n();
  const conflict = useConflictRefresh(onClose);
  const close = useRequestChange((answer: string) => closeRequest(request, answer));
  return (
    <FormModal<{ answer: string }>
      title={t('requests.closeTitle', { plate: request.car.license_plate, customer: request.customer_name })}
      okText={t('requests.closeSubmit')}
      cancelText={t('common.cancel')}
      fields={['answer']}
      onSubmit={async ({ answer }) => {
        try {
          onDone(await close.mutateAsync(answer.trim()), t('requests.closed'));
        } catch (error) {
          throw conflict.seen(error);
        }
      }}
      onClose={conflict.close}
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-line' }}>{request.description}</Typography.Paragraph>
      <Form.Item
        name="answer"
        label={t('requests.answerField')}
        extra={t('requests.answerHelp')}
        rules={[{ required: true, whitespace: true, message: t('common.required') }]}
      >
        <Input.TextArea rows={3} maxLength={400} showCount />
      </Form.Item>
    </FormModal>
  );
}
