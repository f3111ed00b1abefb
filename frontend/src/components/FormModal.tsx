import type { ReactNode } from 'react';
import { Form, Modal, type FormInstance } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { useFormErrors } from '../forms/useFormErrors';
import { FormErrorAlert } from './FormErrorAlert';

/**
 * A modal form that submits to the API: the API's field errors show on the fields
 * (`fields` names them), the others above the form. It closes once `onSubmit` succeeds.
 * Mount it only while open (or give it a new `key` per opening) for a fresh form.
 */
export function FormModal<Values extends object>({
  title,
  okText,
  cancelText,
  fields,
  initialValues,
  onSubmit,
  onClose,
  children,
  danger = false,
}: {
  title: ReactNode;
  okText: string;
  cancelText: string;
  fields: readonly string[];
  initialValues?: Partial<Values>;
  onSubmit: (values: Values) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode | ((form: FormInstance<Values>) => ReactNode);
  danger?: boolean;
}) {
  const [form] = Form.useForm<Values>();
  const errors = useFormErrors(form, fields);
  const submit = useMutation({ mutationFn: onSubmit });

  async function finish(values: Values) {
    errors.clear();
    try {
      await submit.mutateAsync(values);
      onClose();
    } catch (error) {
      errors.show(error);
    }
  }

  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={cancelText}
      okButtonProps={{ danger }}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={submit.isPending}
      destroyOnHidden
    >
      <FormErrorAlert messages={errors.messages} />
      <Form<Values> form={form} layout="vertical" onFinish={finish} initialValues={initialValues}>
        {typeof children === 'function' ? children(form) : children}
      </Form>
    </Modal>
  );
}
