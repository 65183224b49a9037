// A collector's allocation profile (issue 9, part 4): languages and dialects, regions (field work), capacity and the
// field base. The nightly run's allocation reads it; without one the collector speaks Mandarin, covers every region
// and holds the default capacity.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, InputNumber, Modal, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { collectorLanguages, type CollectorProfile, type collectorProfileOutSchema } from '../../../contracts/allocation.js';
import { api, isApiError } from '../../api/client.js';

type Out = z.infer<typeof collectorProfileOutSchema>;

export const CollectorProfileModal = ({ user, onClose }: { user: { id: string; displayName: string } | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<CollectorProfile>();
  const q = useQuery({ queryKey: ['collector-profile', user?.id], enabled: !!user, queryFn: ({ signal }) => api<Out>(`/api/users/${user!.id}/collector-profile`, { signal }) });
  const save = useMutation({
    mutationFn: (v: CollectorProfile) => api<Out>(`/api/users/${user!.id}/collector-profile`, {
      method: 'PUT', body: { ...v, regions: v.regions.map((r) => r.trim()).filter(Boolean), baseLatitude: v.baseLatitude ?? null, baseLongitude: v.baseLongitude ?? null },
    }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['collector-profile', user?.id] });
      void message.success(t('allocation.saved'));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.issues.length) form.setFields(e.issues.map((i) => ({ name: i.path.split('.')[0] as keyof CollectorProfile, errors: [i.message] })));
    },
  });
  return (
    <Modal open={!!user} title={t('allocation.title', { name: user?.displayName ?? '' })} onCancel={onClose} onOk={() => form.submit()} confirmLoading={save.isPending} destroyOnHidden
      okText={t('common.save')} data-testid="collector-profile-modal">
      {q.data && (
        <Form<CollectorProfile> form={form} layout="vertical" initialValues={q.data.profile} onFinish={(v) => save.mutate(v)}>
          {q.data.isDefault && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('allocation.defaultHint')} />}
          <Form.Item name="languages" label={t('allocation.languages')} rules={[{ required: true, message: t('allocation.languagesRequired') }]}>
            <Select mode="multiple" options={collectorLanguages.map((l) => ({ value: l, label: t(`allocation.languageNames.${l}`) }))} data-testid="profile-languages" />
          </Form.Item>
          <Form.Item name="regions" label={t('allocation.regions')} extra={t('allocation.regionsHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} data-testid="profile-regions" />
          </Form.Item>
          <Form.Item name="capacity" label={t('allocation.capacity')} rules={[{ required: true }]}>
            <InputNumber min={0} max={100000} precision={0} style={{ width: 160 }} data-testid="profile-capacity" />
          </Form.Item>
          <Space>
            <Form.Item name="baseLatitude" label={t('allocation.baseLatitude')}><InputNumber min={-90} max={90} step={0.0001} style={{ width: 160 }} /></Form.Item>
            <Form.Item name="baseLongitude" label={t('allocation.baseLongitude')}><InputNumber min={-180} max={180} step={0.0001} style={{ width: 160 }} /></Form.Item>
          </Space>
        </Form>
      )}
    </Modal>
  );
};
