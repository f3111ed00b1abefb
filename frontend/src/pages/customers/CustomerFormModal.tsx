import { App, Col, Divider, Form, Input, Modal, Row } from 'antd';
import type { Customer, CustomerCreate, CustomerUpdate } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useFormErrors } from '../../forms/useFormErrors';
import { useI18n } from '../../i18n/I18nProvider';
import { useCreateCustomer, useUpdateCustomer } from './queries';

interface CustomerFormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  address?: string;
  notes?: string;
  username?: string;
  password?: string;
}

const FORM_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'address',
  'notes',
  'username',
  'password',
] as const;

function trimmedOrUndefined(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** The create body; empty optional values are left out, so the server's defaults apply. */
function toCreateBody(values: CustomerFormValues): CustomerCreate {
  return {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
    email: values.email.trim(),
    phone: values.phone.trim(),
    address: trimmedOrUndefined(values.address),
    notes: trimmedOrUndefined(values.notes),
    username: trimmedOrUndefined(values.username),
    password: values.password || undefined,
  };
}

/** The update body; an emptied address or note is sent empty, to clear it. */
function toUpdateBody(values: CustomerFormValues): CustomerUpdate {
  return {
    first_name: values.first_name.trim(),
    last_name: values.last_name.trim(),
    email: values.email.trim(),
    phone: values.phone.trim(),
    address: values.address?.trim() ?? '',
    notes: values.notes?.trim() ?? '',
  };
}

function toFormValues(customer: Customer): CustomerFormValues {
  const { first_name, last_name, email, phone, address, notes } = customer;
  return { first_name, last_name, email, phone, address, notes };
}

/**
 * Creates a customer (`customer` null) or edits one, showing the API's errors per field.
 * Give it a new `key` for each opening: its form then starts from its initial values.
 */
export function CustomerFormModal({
  open,
  customer,
  onClose,
}: {
  open: boolean;
  customer: Customer | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CustomerFormValues>();
  const errors = useFormErrors(form, FORM_FIELDS);
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const editing = customer !== null;

  async function submit(values: CustomerFormValues) {
    errors.clear();
    try {
      if (customer === null) {
        await create.mutateAsync(toCreateBody(values));
        message.success(t('customers.created'));
      } else {
        await update.mutateAsync({ customer, changes: toUpdateBody(values) });
        message.success(t('customers.updated'));
      }
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <Modal
      open={open}
      title={editing ? t('customers.editTitle') : t('customers.new')}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      width={640}
    >
      <FormErrorAlert messages={errors.messages} />
      <Form<CustomerFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={customer === null ? undefined : toFormValues(customer)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="first_name" label={t('customers.firstName')} rules={[required]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="last_name" label={t('customers.lastName')} rules={[required]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('customers.email')}
              rules={[required, { type: 'email', message: t('common.invalidEmail') }]}
            >
              <Input type="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('customers.phone')}
              rules={[required]}
              extra={t('customers.phoneHelp')}
            >
              {/* A phone number reads left to right, in Arabic too: "+216…", not "…216+". */}
              <Input type="tel" dir="ltr" autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('customers.address')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="notes" label={t('customers.notes')}>
          <Input.TextArea rows={3} />
        </Form.Item>
        {!editing && (
          <>
            <Divider orientation="left" plain>
              {t('customers.account')}
            </Divider>
            <Row gutter={16}>
              <Col xs={24} sm={12}>
                <Form.Item name="username" label={t('customers.username')} extra={t('customers.usernameHelp')}>
                  <Input autoComplete="off" />
                </Form.Item>
              </Col>
              <Col xs={24} sm={12}>
                <Form.Item name="password" label={t('customers.password')}>
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
              </Col>
            </Row>
          </>
        )}
      </Form>
    </Modal>
  );
}
