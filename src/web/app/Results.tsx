import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../api/client.js';

const HomeButton = () => {
  const { t } = useTranslation();
  return (
    <Link to="/">
      <Button type="primary">{t('common.backHome')}</Button>
    </Link>
  );
};

export const ForbiddenResult = ({ detail }: { detail?: string }) => {
  const { t } = useTranslation();
  return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={detail || t('errors.forbidden')} extra={<HomeButton />} data-testid="result-403" />;
};

export const NotFoundResult = ({ detail }: { detail?: string }) => {
  const { t } = useTranslation();
  return <Result status="404" title={t('errors.notFoundTitle')} subTitle={detail || t('errors.notFound')} extra={<HomeButton />} data-testid="result-404" />;
};

/** A friendly page for a failed query: 403 and 404 get their own result, anything else the message and a retry. */
export const ErrorResult = ({ error, onRetry, extra }: { error: unknown; onRetry?: () => void; extra?: ReactNode }) => {
  const { t } = useTranslation();
  if (isApiError(error) && error.status === 403) return <ForbiddenResult detail={error.message} />;
  if (isApiError(error) && error.status === 404) return <NotFoundResult detail={t('errors.recordNotFound')} />;
  const message = error instanceof Error && error.message ? error.message : t('common.requestFailed');
  const requestId = isApiError(error) && error.requestId ? ` (${error.requestId})` : '';
  return (
    <Result
      status="error"
      title={t('errors.genericTitle')}
      subTitle={`${message}${requestId}`}
      extra={onRetry ? [<Button key="retry" onClick={onRetry}>{t('common.refresh')}</Button>, extra] : extra}
    />
  );
};
