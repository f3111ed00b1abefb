import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import type { Role, UserCreate } from '../../api/types';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { useFormErrors } from '../../forms/useFormErrors';
import { useI18n } from '../../i18n/I18nProvider';
import { useCreateUser } from './queries';
import { GARAGE_ROLES } from '../../auth/roles';

interface UserFormValues {
  username: string;
  email: string;
  password: string;
  role: Role;
  first_name?: string;
  last_name?: string;
}

const FORM_FIELDS = ['username', 'email', 'password', 'role', 'first_name', 'last_name'] as const;

function toCreateBody(values: UserFormValues): UserCreate {
  return {
    username: values.username.trim(),
    email: values.email.trim(),
    password: values.password,
    role: values.role,
    first_name: values.first_name?.trim() || undefined,
    last_name: values.last_name?.trim() || undefined,
  };
}

/**
 * Creates an account for the garage's people (admin, staff, technician), showing the
 * API's errors per field.
 * Give it a new `key` for each opening: its form then starts blank.
 */
export function UserFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFormValues>();
  const errors = useFormErrors(form, FORM_FIELDS);
  const create = useCreateUser();

  async function submit(values: UserFormValues) {
    errors.clear();
    try {
      await create.mutateAsync(toCreateBody(values));
      message.success(t('users.created'));
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  const required = { required: true, whitespace: true, message: t('common.required') };

  return (
    <Modal
      open={open}
      title={t('users.new')}
      okText={t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      width={640}
    >
      <FormErrorAlert messages={errors.messages} />
      <Form<UserFormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ role: 'staff' }}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item name="username" label={t('users.username')} rules={[required]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="email"
              label={t('users.email')}
              rules={[required, { type: 'email', message: t('common.invalidEmail') }]}
            >
              <Input type="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="first_name" label={t('users.firstName')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="last_name" label={t('users.lastName')}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="password" label={t('users.password')} rules={[required]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('users.role')} rules={[required]}>
              <Select<Role>
                options={GARAGE_ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
