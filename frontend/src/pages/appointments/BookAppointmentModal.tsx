import { useEffect, useRef } from 'react';
import { App, Form, Input, Select, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { bookAppointment, newIdempotencyKey } from '../../api/appointments';
import { listCars } from '../../api/cars';
import { isApiError } from '../../api/errors';
import type { Appointment, Timestamp } from '../../api/types';
import { CarSelect } from '../../components/CarSelect';
import { CustomerSelect } from '../../components/CustomerSelect';
import { FormModal } from '../../components/FormModal';
import { useInvalidate } from '../../hooks/useInvalidate';
import { useI18n } from '../../i18n/I18nProvider';
import { useAppointmentChange } from './queries';
import { SlotChooser } from './SlotChooser';

interface BookValues {
  customer_id?: string;
  car_id: string;
  starts_at: Timestamp;
  description?: string;
}

const FIELDS = ['customer_id', 'car_id', 'starts_at', 'description'];

/**
 * Books a car into a free slot. Staff pick the customer, then one of their cars (the
 * appointment is confirmed at once); a customer picks one of their own cars (`asCustomer`),
 * and the garage confirms the request later.
 */
export function BookAppointmentModal({
  asCustomer = false,
  startsAt,
  onClose,
  onBooked,
}: {
  asCustomer?: boolean;
  /** A slot to start from (a free place clicked in the calendar). */
  startsAt?: Timestamp;
  onClose: () => void;
  onBooked?: (appointment: Appointment) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  // One key per booking asked: the same request sent again (a lost answer, a second
  // click) books once; a changed one (another slot after a refusal) is a new request.
  const lastRequest = useRef<{ body: string; key: string } | null>(null);
  const book = useAppointmentChange((values: BookValues) => {
    const body = { car_id: values.car_id, starts_at: values.starts_at, description: values.description?.trim() || undefined };
    const text = JSON.stringify(body);
    if (lastRequest.current?.body !== text) lastRequest.current = { body: text, key: newIdempotencyKey() };
    return bookAppointment(body, lastRequest.current.key);
  });
  const required = { required: true, message: t('common.required') };
  return (
    <FormModal<BookValues>
      title={asCustomer ? t('appointments.bookRequest') : t('appointments.book')}
      okText={asCustomer ? t('appointments.sendRequest') : t('appointments.bookSubmit')}
      cancelText={t('common.cancel')}
      fields={FIELDS}
      initialValues={{ starts_at: startsAt }}
      onSubmit={async (values) => {
        try {
          const appointment = await book.mutateAsync(values);
          message.success(asCustomer ? t('appointments.requestSent') : t('appointments.booked'));
          onBooked?.(appointment);
        } catch (error) {
          // Someone took the last place meanwhile: show the slots as they are now.
          if (isApiError(error, 409)) void invalidate('appointments');
          throw error;
        }
      }}
      onClose={onClose}
    >
      {(form) => (
        <>
          {asCustomer ? (
            <Form.Item name="car_id" label={t('appointments.car')} rules={[required]}>
              <OwnCarSelect />
            </Form.Item>
          ) : (
            <>
              <Form.Item name="customer_id" label={t('appointments.customer')} extra={t('appointments.customerHelp')}>
                <CustomerSelect onChange={() => form.setFieldValue('car_id', undefined)} />
              </Form.Item>
              <Form.Item noStyle dependencies={['customer_id']}>
                {() => (
                  <Form.Item name="car_id" label={t('appointments.car')} rules={[required]}>
                    <CarSelect customerId={form.getFieldValue('customer_id') as string | undefined} />
                  </Form.Item>
                )}
              </Form.Item>
            </>
          )}
          <Form.Item name="starts_at" label={t('appointments.slot')} rules={[{ required: true, message: t('appointments.pickSlot') }]}>
            <SlotChooser />
          </Form.Item>
          <Form.Item name="description" label={t('appointments.description')} extra={asCustomer ? t('appointments.descriptionHelp') : undefined}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          {asCustomer && <Typography.Paragraph type="secondary">{t('appointments.requestHelp')}</Typography.Paragraph>}
        </>
      )}
    </FormModal>
  );
}

/** One of the customer's own cars (the API lists only theirs); the only one is picked for them. */
export function OwnCarSelect({ value, onChange, id }: { value?: string; onChange?: (carId: string) => void; id?: string }) {
  const { t } = useI18n();
  const cars = useQuery({ queryKey: ['cars', 'mine'], queryFn: ({ signal }) => listCars({ limit: 200 }, signal) });
  const onlyCar = cars.data?.results.length === 1 ? cars.data.results[0]?.id : undefined;
  useEffect(() => {
    if (onlyCar !== undefined && value === undefined) onChange?.(onlyCar);
  }, [onlyCar, value, onChange]);
  return (
    <Select<string>
      id={id}
      value={value}
      onChange={onChange}
      loading={cars.isFetching}
      placeholder={t('services.pickCar')}
      aria-label={t('services.pickCar')}
      notFoundContent={cars.isSuccess ? t('appointments.noCar') : undefined}
      options={(cars.data?.results ?? []).map((car) => ({
        value: car.id,
        label: `${car.license_plate} · ${car.make} ${car.model}`,
      }))}
    />
  );
}
