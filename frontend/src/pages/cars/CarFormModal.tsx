import { Col, Form, Input, InputNumber, Row, Select } from 'antd';
import { createCar, updateCar } from '../../api/cars';
import type { Car, FuelType } from '../../api/types';
import { CustomerSelect } from '../../components/CustomerSelect';
import { FormModal } from '../../components/FormModal';
import { useI18n } from '../../i18n/I18nProvider';
import { useCarChange } from './queries';

interface CarValues {
  customer_id: string;
  make: string;
  model: string;
  year: number;
  license_plate: string;
  vin?: string;
  fuel_type: FuelType;
  initial_mileage?: number | null;
}

/** The fuels the API knows. */
export const FUEL_TYPES: readonly FuelType[] = ['gasoline', 'diesel', 'electric', 'hybrid', 'lpg'];

const FIELDS = ['customer_id', 'make', 'model', 'year', 'license_plate', 'vin', 'fuel_type', 'initial_mileage'];

/** Adds a car (to `customerId` when given, else to a customer picked here) or edits one. */
export function CarFormModal({ car, customerId, onClose, onSaved }: {
  car: Car | null;
  customerId?: string;
  onClose: () => void;
  onSaved: (car: Car) => void;
}) {
  const { t } = useI18n();
  const save = useCarChange((values: CarValues) => {
    const common = {
      make: values.make.trim(),
      model: values.model.trim(),
      year: values.year,
      license_plate: values.license_plate.trim(),
      vin: values.vin?.trim() || undefined,
      fuel_type: values.fuel_type,
    };
    return car === null
      ? createCar({ ...common, customer_id: values.customer_id, initial_mileage: values.initial_mileage ?? undefined })
      : updateCar(car.id, car.version, common);
  });
  const required = { required: true, message: t('common.required') };
  const initialValues: Partial<CarValues> =
    car === null
      ? { customer_id: customerId, fuel_type: 'gasoline' }
      : { ...car, vin: car.vin ?? undefined };

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
      <Row gutter={16}>
        <Col xs={24} sm={12}>
          <Form.Item name="license_plate" label={t('cars.plate')} rules={[{ ...required, whitespace: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="vin" label={t('cars.vin')} extra={t('cars.vinHelp')}>
            <Input autoComplete="off" maxLength={17} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="make" label={t('cars.make')} rules={[{ ...required, whitespace: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="model" label={t('cars.model')} rules={[{ ...required, whitespace: true }]}>
            <Input autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="year" label={t('cars.year')} rules={[required]}>
            <InputNumber min={1900} max={2100} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="fuel_type" label={t('cars.fuel')} rules={[required]}>
            <Select<FuelType> options={FUEL_TYPES.map((fuel) => ({ value: fuel, label: t(`fuel.${fuel}`) }))} />
          </Form.Item>
        </Col>
        {car === null && (
          <Col xs={24} sm={8}>
            <Form.Item name="initial_mileage" label={t('cars.initialMileage')}>
              <InputNumber min={0} max={9_999_999} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        )}
      </Row>
    </FormModal>
  );
}
