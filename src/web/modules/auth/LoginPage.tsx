import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { wasSessionExpired, useLogin, useMe } from '../../app/auth.js';
import { FullPageSpin } from '../../app/guards.js';
import { LanguageSwitch } from '../../app/LanguageSwitch.js';

type LoginForm = { username: string; password: string };

// Only same-site paths, so a crafted ?next= cannot send the user elsewhere.
const safeNext = (next: string | null): string => (next && next.startsWith('/') && !next.startsWith('//') ? next : '/');

export const LoginPage = () => {
  const { t } = useTranslation();
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const expired = wasSessionExpired();

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={next} replace />;

  const onFinish = (values: LoginForm) => login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });

  return (
    <div style={{ minHeight: '100%', display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', padding: 24 }}>
      <div style={{ position: 'fixed', top: 12, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: 420, maxWidth: '100%' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ marginBottom: 8 }} data-testid="product-name">
            {t('app.name')}
          </Typography.Title>
          <Typography.Text type="secondary">
            <SafetyCertificateOutlined style={{ marginInlineEnd: 6 }} />
            {t('app.promise')}
          </Typography.Text>
        </div>
        {expired && !login.isError && <Alert type="info" showIcon title={t('auth.sessionExpired')} style={{ marginBottom: 16 }} />}
        {login.isError && (
          <Alert type="error" showIcon title={login.error.message || t('common.requestFailed')} style={{ marginBottom: 16 }} data-testid="login-error" />
        )}
        <Form<LoginForm> layout="vertical" onFinish={onFinish} requiredMark={false} disabled={login.isPending}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('auth.login')}
          </Button>
        </Form>
      </Card>
    </div>
  );
};
