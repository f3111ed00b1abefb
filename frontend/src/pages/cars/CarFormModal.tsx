import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { createCar, updateCar } from '../../api/cars';
import type { Car, CarCreate, CarUpdate, FuelType, PendingCarCreate } from '../../api/types';
import { CustomerSelect } from '../../components/CustomerSelect';
import { FormModal } from '../../components/FormModal';
import { useDateInputFormat } from '../../format/dateInput';
import { toCalendarDate } from '../../format/dates';
import { useI18n } from '../../i18n/I18nProvider';
import { useCarChange } from './queries';

/** What the car form holds, owner aside. */
export interface CarDescriptionValues {
  make: string;
  model: string;
  year: number;
  license_plate: string;
  vin?: string;
  fuel_type: FuelType;
  initial_mileage?: number | null;
  last_service_date?: Dayjs | null;
  last_service_mileage?: number | null;
}

interface CarValues extends CarDescriptionValues {
  customer_id: string;
}

/** The fuels the API knows. */
export const FUEL_TYPES: readonly FuelType[] = ['gasoline', 'diesel', 'electric', 'hybrid', 'lpg'];

/** The first car was built in 1886: the API refuses earlier years. */
const FIRST_YEAR = 1886;
/** The highest mileage the API believes (km). */
export const MAX_MILEAGE = 2_000_000;

/** The fields of a new car's form, owner aside (where the API's field errors go). */
export const CAR_DESCRIPTION_FIELDS = [
  'make',
  'model',
  'year',
  'license_plate',
  'vin',
  'fuel_type',
  'initial_mileage',
  'last_service_date',
  'last_service_mileage',
];

const FIELDS = ['customer_id', ...CAR_DESCRIPTION_FIELDS];

/** A new car as the form describes it, owner aside: an empty VIN or an unknown last service is left out. */
export function carDescription(values: CarDescriptionValues): PendingCarCreate {
  return {
    make: values.make.trim(),
    model: values.model.trim(),
    year: values.year,
    license_plate: values.license_plate.trim(),
    vin: values.vin?.trim() || undefined,
    fuel_type: values.fuel_type,
    initial_mileage: values.initial_mileage ?? undefined,
    last_service_date: values.last_service_date ? toCalendarDate(values.last_service_date) : undefined,
    last_service_mileage: values.last_service_mileage ?? undefined,
  };
}

/** The body of `POST /api/cars` for the form's values, for `customerId` when the page fixes the owner. */
function creation(values: CarValues, customerId: string | undefined): CarCreate {
  return { customer_id: customerId ?? values.customer_id, ...carDescription(values) };
}

/** The body of `PATCH /api/cars/{id}` (the owner stays): an emptied VIN is removed (`null`). */
function changes(values: CarValues): CarUpdate {
  return {
    make: values.make.trim(),
    model: values.model.trim(),
    year: values.year,
    license_plate: values.license_plate.trim(),
    vin: values.vin?.trim() || null,
    fuel_type: values.fuel_type,
  };
}

/** Adds a car (to `customerId` when given, else to a customer picked here) or edits one. */
export function CarFormModal({ car, customerId, onClose, onSaved }: {
  car: Car | null;
  customerId?: string;
  onClose: () => void;
  onSaved: (car: Car) => void;
}) {
  const { t } = useI18n();
  const save = useCarChange((values: CarValues) =>
    car === null ? createCar(creation(values, customerId)) : updateCar(car.id, car.version, changes(values)),
  );
  const required = { required: true, message: t('common.required') };
  const initialValues: Partial<CarValues> =
    car === null
      ? { fuel_type: 'gasoline' }
      : {
          make: car.make,
          model: car.model,
          year: car.year,
          license_plate: car.license_plate,
          vin: car.vin ?? undefined,
          fuel_type: car.fuel_type,
        };

  return (
    <FormModal<CarValues>
      title={car === null ? t('cars.new') : t('cars.editTitle')}
      okText={car === null ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      fields={FIELDS}
      initialValues={initialValues}
      onSubmit={async (values) => onSaved(await save.mutateAsync(values))}
      onClose={onClose}
    >
      {car === null && customerId === undefined && (
        <Form.Item name="customer_id" label={t('cars.customer')} rules={[required]}>
          <CustomerSelect />
        </Form.Item>
      )}
      <CarFields isNew={car === null} />
    </FormModal>
  );
}

/**
 * The fields describing a car, owner aside; a new car also gives its mileage and its
 * last service before the garage (a registered car's readings have their own screens).
 */
export function CarFields({ isNew }: { isNew: boolean }) {
  const { t } = useI18n();
  const dateFormat = useDateInputFormat();
  const required = { required: true, message: t('common.required') };
  return (
    <Row gutter={16}>
      <Col xs={24} sm={12}>
        <Form.Item name="license_plate" label={t('cars.plate')} rules={[{ ...required, whitespace: true }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="vin" label={t('cars.vin')} extra={t('cars.vinHelp')}>
          <Input autoComplete="off" maxLength={32} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="make" label={t('cars.make')} rules={[{ ...required, whitespace: true }]}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={12}>
        <Form.Item name="model" label={t('cars.model')} rules={[{ ...required, whitespace: true }]}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="year" label={t('cars.year')} rules={[required]}>
          <InputNumber min={FIRST_YEAR} max={2100} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name="fuel_type" label={t('cars.fuel')} rules={[required]}>
          <Select<FuelType> options={FUEL_TYPES.map((fuel) => ({ value: fuel, label: t(`fuel.${fuel}`) }))} />
        </Form.Item>
      </Col>
      {isNew && (
        <>
          <Col xs={24} sm={8}>
            <Form.Item name="initial_mileage" label={t('cars.initialMileage')}>
              <InputNumber min={0} max={MAX_MILEAGE} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="last_service_date" label={t('cars.lastServiceDate')} extra={t('cars.lastServiceHelp')}>
              <DatePicker format={dateFormat} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="last_service_mileage" label={t('cars.lastServiceMileage')}>
              <InputNumber min={0} max={MAX_MILEAGE} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      )}
    </Row>
  );
}
