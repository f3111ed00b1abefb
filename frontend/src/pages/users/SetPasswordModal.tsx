import { Alert, App, Form, Input } from 'antd';
import type { User } from '../../api/types';
import { FormModal } from '../../components/FormModal';
import { displayName } from '../../format/displayName';
import { useI18n } from '../../i18n/I18nProvider';
import { useSetUserPassword } from './queries';

interface SetPasswordValues {
  new_password: string;
  confirm_password: string;
}

/** The API's field that the form shows; the confirmation never leaves the browser. */
const FORM_FIELDS = ['new_password'] as const;

/**
 * Lets an admin give another account a new password (someone who forgot theirs), typed
 * twice. The server's policy errors show on the field; the account's sessions end.
 * Mount it only while open: its form then starts blank.
 */
export function SetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const setPassword = useSetUserPassword();
  const name = displayName(user);

  return (
    <FormModal<SetPasswordValues>
      title={t('users.setPasswordTitle', { name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      fields={FORM_FIELDS}
      onSubmit={async (values) => {
        await setPassword.mutateAsync({ id: user.id, newPassword: values.new_password, version: user.version });
        message.success(t('users.passwordSet', { name }));
      }}
      onClose={onClose}
    >
      <Alert type="info" showIcon message={t('users.setPasswordNote', { name })} style={{ marginBottom: 16 }} />
      <Form.Item
        name="new_password"
        label={t('users.newPassword')}
        rules={[{ required: true, message: t('common.required') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirm_password"
        label={t('users.confirmPassword')}
        dependencies={['new_password']}
        rules={[
          { required: true, message: t('common.required') },
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              !value || value === getFieldValue('new_password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('users.passwordMismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
    </FormModal>
  );
}
