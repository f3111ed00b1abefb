import { useState } from 'react';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { Navigate, useLocation } from 'react-router';
import { ApiError } from '../../api/errors';
import { useAuth } from '../../auth/AuthProvider';
import type { LoginRedirectState } from '../../auth/guards';
import { homePath } from '../../auth/roles';
import type { SessionEnd } from '../../auth/sessionEnd';
import { errorMessage, rateLimitMessage } from '../../feedback/errorMessage';
import { useI18n, type I18n } from '../../i18n/I18nProvider';
import { FullPageSpinner } from '../../layout/FullPageSpinner';
import { LanguageSwitcher } from '../../layout/LanguageSwitcher';
import { ThemeSwitcher } from '../../layout/ThemeSwitcher';

interface Credentials {
  username: string;
  password: string;
}

/** Why a login failed, in words: one generic message for any wrong credential. */
function loginErrorMessage(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError && error.status === 401) return t('login.invalidCredentials');
  if (error instanceof ApiError && error.status === 429) return rateLimitMessage(error, t);
  return errorMessage(error, t);
}

/** Why the last session ended, in words. */
function sessionEndMessage(ending: SessionEnd, t: I18n['t']): string {
  return ending.reason === 'idle' ? t('login.sessionIdle', { minutes: ending.minutes }) : t('login.sessionExpired');
}

/** The login screen. */
export function LoginPage() {
  const { t } = useI18n();
  const { state, login } = useAuth();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  // A session may still come back from the refresh cookie: do not offer the form yet.
  if (state.status === 'restoring') return <FullPageSpinner />;
  if (state.status === 'authenticated') {
    const from = (location.state as LoginRedirectState | null)?.from;
    return <Navigate to={from ?? homePath(state.user.role)} replace />;
  }

  const ended = state.ended;

  async function submit({ username, password }: Credentials) {
    setSubmitting(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (failure) {
      setError(loginErrorMessage(failure, t));
      setSubmitting(false);
    }
  }

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 16 }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="space-between" align="baseline">
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Flex align="center" gap={4}>
            <LanguageSwitcher />
            <ThemeSwitcher />
          </Flex>
        </Flex>
        <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
        <Typography.Title level={4}>{t('login.title')}</Typography.Title>
        {error !== null && <Alert type="error" showIcon message={error} role="alert" style={{ marginBottom: 16 }} />}
        {error === null && ended !== null && (
          <Alert type="warning" showIcon message={sessionEndMessage(ended, t)} style={{ marginBottom: 16 }} />
        )}
        <Form<Credentials> layout="vertical" onFinish={submit} requiredMark={false} disabled={submitting}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting}>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    </Flex>
  );
}
