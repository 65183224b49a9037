// What is still waiting to sync on the field phone: a banner "离线 · N 条待同步" and, per item, its state; a replay the
// server refused stays listed with the reason until the collector dismisses it (it is never silently lost).
import { CloudSyncOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, Button, List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { dismiss, flush, type useOutbox } from './outbox.js';
import { waiting } from './outbox.logic.js';

export const FieldOutbox = ({ outbox }: { outbox: ReturnType<typeof useOutbox> }) => {
  const { t } = useTranslation();
  const { items, online } = outbox;
  const n = waiting(items);
  if (online && items.length === 0) return null;
  const title = online ? t('field.sync.onlineWaiting', { n }) : t('field.sync.offline', { n });
  return (
    <Alert
      type={items.some((i) => i.state === 'failed') ? 'error' : online ? 'info' : 'warning'}
      icon={online ? <CloudSyncOutlined /> : <DisconnectOutlined />}
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="field-outbox"
      title={<span data-testid="field-outbox-title">{title}</span>}
      action={online && n > 0 ? <Button size="small" onClick={() => void flush()}>{t('field.sync.now')}</Button> : undefined}
      description={items.length > 0 && (
        <List
          size="small"
          dataSource={[...items].sort((a, b) => a.seq - b.seq)}
          renderItem={(i) => (
            <List.Item data-testid="field-outbox-item" style={{ paddingInline: 0 }}
              actions={i.state === 'failed' ? [<Button key="x" size="small" onClick={() => void dismiss(i.id)}>{t('field.sync.dismiss')}</Button>] : undefined}>
              <div>
                <div>
                  {t(`field.sync.kinds.${i.kind}`)}{i.preview?.outcomeCode ? `：${t(`field.codes.${i.preview.outcomeCode}`, { defaultValue: i.preview.outcomeCode })}` : ''}
                  {' '}<Tag color={i.state === 'failed' ? 'red' : 'orange'}>{i.state === 'failed' ? t('field.sync.failed') : t('field.sync.pending')}</Tag>
                </div>
                {i.error && <div style={{ color: '#cf1322', fontSize: 13 }} data-testid="field-outbox-error">{i.error}</div>}
              </div>
            </List.Item>
          )}
        />
      )}
    />
  );
};
