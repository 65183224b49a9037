import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, AutoComplete, Button, Card, DatePicker, Drawer, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  Certificate,
  CertificateKind,
  CertificateStatus,
  CreateCertificate,
  CreateTraining,
  ExpiringCertificate,
  Qualifications,
  Training,
  TrainingResult,
} from '../../../contracts/staff.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCan } from '../../app/auth.js';
import { ErrorResult } from '../../app/Results.js';

// Value lists repeated from contracts/staff.ts so the browser bundle does not pull in zod.
const certificateKinds = ['collector', 'field_visit', 'qa'] as const satisfies readonly CertificateKind[];
const trainingResults = ['passed', 'failed'] as const satisfies readonly TrainingResult[];
const DATE = 'YYYY-MM-DD';

export type StaffMember = { id: string; displayName: string };
type Expiring = { today: string; days: number; items: ExpiringCertificate[] };

export const staffKey = ['staff'] as const;

export const useQualifications = (userId: string | undefined) =>
  useQuery({
    queryKey: [...staffKey, 'user', userId],
    queryFn: ({ signal }) => api<Qualifications>(`/api/staff/${userId}/qualifications`, { signal }),
    enabled: userId !== undefined,
  });

/** Certificates of active staff expiring within `days` days (server default 30) or already expired. */
export const useExpiringCertificates = (enabled: boolean, days?: number) =>
  useQuery({
    queryKey: [...staffKey, 'expiring', days ?? 'default'],
    queryFn: ({ signal }) => api<Expiring>('/api/staff/certificates/expiring', { query: { days }, signal }),
    enabled,
  });

/** A known kind by its label, any other kind as it was typed. */
export const useKindLabel = () => {
  const { t } = useTranslation();
  return (kind: string): string => ((certificateKinds as readonly string[]).includes(kind) ? t(`staff.kinds.${kind as CertificateKind}`) : kind);
};

const statusColor: Record<CertificateStatus, string | undefined> = { valid: 'green', expiring: 'orange', expired: 'red', not_yet_valid: undefined };

export const CertificateStatusTag = ({ status, daysLeft }: { status: CertificateStatus; daysLeft: number }) => {
  const { t } = useTranslation();
  const text = status === 'expiring' ? (daysLeft === 0 ? t('staff.expiringToday') : t('staff.expiringIn', { days: daysLeft })) : t(`staff.statuses.${status}`);
  return (
    <Tag color={statusColor[status]} data-testid={`certificate-status-${status}`}>
      {text}
    </Tag>
  );
};

type CertificateValues = { kind: string; number: string; issuer: string; validFrom: Dayjs; validUntil: Dayjs };

const CertificateFormModal = ({ userId, certificate, onClose }: { userId: string; certificate: Certificate | null; onClose: (saved: boolean) => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const kindLabel = useKindLabel();
  // The field shows a known kind by its label; it is sent as its code, any other text as typed.
  const kindCode = (text: string) => {
    const v = text.trim();
    return certificateKinds.find((k) => k === v || kindLabel(k) === v) ?? v;
  };
  const [form] = Form.useForm<CertificateValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: CertificateValues) => {
      const body: CreateCertificate = { kind: kindCode(v.kind), number: v.number.trim(), issuer: v.issuer.trim(), validFrom: v.validFrom.format(DATE), validUntil: v.validUntil.format(DATE) };
      return certificate
        ? api<Certificate>(`/api/staff/certificates/${certificate.id}`, { method: 'PATCH', body })
        : api<Certificate>(`/api/staff/${userId}/certificates`, { method: 'POST', body });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: staffKey });
      onClose(true);
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });
  const initialValues: Partial<CertificateValues> = certificate
    ? { kind: kindLabel(certificate.kind), number: certificate.number, issuer: certificate.issuer, validFrom: dayjs(certificate.validFrom), validUntil: dayjs(certificate.validUntil) }
    : { kind: kindLabel('collector') };
  return (
    <Modal
      open
      title={certificate ? t('staff.editCertificate') : t('staff.addCertificate')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      data-testid="certificate-form"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<CertificateValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
      >
        <Form.Item name="kind" label={t('staff.kind')} rules={[{ required: true, whitespace: true, max: 40, message: t('staff.kindRequired') }]}>
          <AutoComplete
            options={certificateKinds.map((k) => ({ value: kindLabel(k) }))}
            placeholder={t('staff.kindPlaceholder')}
            showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toLowerCase().includes(input.trim().toLowerCase()) }}
            data-testid="certificate-kind"
          />
        </Form.Item>
        <Form.Item name="number" label={t('staff.number')} rules={[{ required: true, whitespace: true, max: 60, message: t('staff.numberRequired') }]}>
          <Input autoComplete="off" data-testid="certificate-number" />
        </Form.Item>
        <Form.Item name="issuer" label={t('staff.issuer')} rules={[{ required: true, whitespace: true, max: 100, message: t('staff.issuerRequired') }]}>
          <Input autoComplete="off" data-testid="certificate-issuer" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="validFrom" label={t('staff.validFrom')} style={{ flex: 1 }} rules={[{ required: true, message: t('staff.validFromRequired') }]}>
            <DatePicker format={DATE} style={{ width: '100%' }} data-testid="certificate-valid-from" />
          </Form.Item>
          <Form.Item
            name="validUntil"
            label={t('staff.validUntil')}
            style={{ flex: 1, marginInlineStart: 12 }}
            dependencies={['validFrom']}
            rules={[
              { required: true, message: t('staff.validUntilRequired') },
              ({ getFieldValue }) => ({
                validator: async (_, value: Dayjs | undefined) => {
                  const from = getFieldValue('validFrom') as Dayjs | undefined;
                  if (value && from && value.isBefore(from, 'day')) throw new Error(t('staff.validUntilBeforeFrom'));
                },
              }),
            ]}
          >
            <DatePicker format={DATE} style={{ width: '100%' }} data-testid="certificate-valid-until" />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Modal>
  );
};

type TrainingValues = { course: string; completedOn: Dayjs; result: TrainingResult; score?: number | null; hours?: number | null };

const TrainingFormModal = ({ userId, onClose }: { userId: string; onClose: (saved: boolean) => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<TrainingValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: TrainingValues) => {
      const body: CreateTraining = {
        course: v.course.trim(),
        completedOn: v.completedOn.format(DATE),
        result: v.result,
        ...(typeof v.score === 'number' ? { score: v.score } : {}),
        ...(typeof v.hours === 'number' ? { hours: v.hours } : {}),
      };
      return api<Training>(`/api/staff/${userId}/trainings`, { method: 'POST', body });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: staffKey });
      onClose(true);
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });
  return (
    <Modal
      open
      title={t('staff.addTraining')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      data-testid="training-form"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<TrainingValues>
        form={form}
        layout="vertical"
        initialValues={{ result: 'passed' }}
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
      >
        <Form.Item name="course" label={t('staff.course')} rules={[{ required: true, whitespace: true, max: 100, message: t('staff.courseRequired') }]}>
          <Input autoComplete="off" data-testid="training-course" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="completedOn" label={t('staff.completedOn')} style={{ flex: 1 }} rules={[{ required: true, message: t('staff.completedOnRequired') }]}>
            <DatePicker format={DATE} style={{ width: '100%' }} data-testid="training-completed-on" />
          </Form.Item>
          <Form.Item name="result" label={t('staff.result')} style={{ flex: 1, marginInlineStart: 12 }} rules={[{ required: true, message: t('staff.resultRequired') }]}>
            <Select options={trainingResults.map((r) => ({ value: r, label: t(`staff.results.${r}`) }))} data-testid="training-result" />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="score" label={t('staff.score')} style={{ flex: 1 }}>
            <InputNumber min={0} max={100} style={{ width: '100%' }} data-testid="training-score" />
          </Form.Item>
          <Form.Item name="hours" label={t('staff.hours')} style={{ flex: 1, marginInlineStart: 12 }}>
            <InputNumber min={0.5} max={1000} step={0.5} style={{ width: '100%' }} data-testid="training-hours" />
          </Form.Item>
        </Space.Compact>
      </Form>
    </Modal>
  );
};

/**
 * Certificates (with their computed status) and training records of one staff member. Anyone who can open
 * it may read; the forms and delete buttons are there only with staff.manage (the server checks again).
 */
export const QualificationsDrawer = ({ user, onClose }: { user: StaffMember | null; onClose: () => void }) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const can = useCan();
  const canManage = can('staff.manage');
  const kindLabel = useKindLabel();
  const [editing, setEditing] = useState<Certificate | null | undefined>(undefined);
  const [addingTraining, setAddingTraining] = useState(false);
  const data = useQualifications(user?.id);

  const remove = useMutation({
    mutationFn: ({ what, id }: { what: 'certificates' | 'trainings'; id: string }) => api(`/api/staff/${what}/${id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      void message.success(t('staff.deleted'));
      await qc.invalidateQueries({ queryKey: staffKey });
    },
    onError: (err) => void message.error(err.message),
  });
  const saved = (ok: boolean, msg: string) => {
    if (ok) void message.success(msg);
  };

  const certificateColumns: TableProps<Certificate>['columns'] = [
    { title: t('staff.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k) },
    { title: t('staff.number'), dataIndex: 'number' },
    { title: t('staff.issuer'), dataIndex: 'issuer' },
    { title: t('staff.validFrom'), dataIndex: 'validFrom', width: 110 },
    { title: t('staff.validUntil'), dataIndex: 'validUntil', width: 110 },
    { title: t('staff.status'), key: 'status', width: 120, render: (_: unknown, c) => <CertificateStatusTag status={c.status} daysLeft={c.daysLeft} /> },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, c: Certificate) => (
              <Space size={0}>
                <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(c)} data-testid={`certificate-edit-${c.number}`}>
                  {t('common.edit')}
                </Button>
                <Popconfirm
                  title={t('staff.deleteCertificateConfirm')}
                  okText={t('staff.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => remove.mutate({ what: 'certificates', id: c.id })}
                >
                  <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                    {t('staff.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const trainingColumns: TableProps<Training>['columns'] = [
    { title: t('staff.course'), dataIndex: 'course' },
    { title: t('staff.completedOn'), dataIndex: 'completedOn', width: 110 },
    {
      title: t('staff.result'),
      dataIndex: 'result',
      width: 90,
      render: (r: TrainingResult) => <Tag color={r === 'passed' ? 'green' : 'red'}>{t(`staff.results.${r}`)}</Tag>,
    },
    { title: t('staff.score'), dataIndex: 'score', width: 80, render: (v: number | null) => v ?? t('common.none') },
    { title: t('staff.hours'), dataIndex: 'hours', width: 80, render: (v: number | null) => v ?? t('common.none') },
    ...(canManage
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_: unknown, tr: Training) => (
              <Popconfirm
                title={t('staff.deleteTrainingConfirm')}
                okText={t('staff.delete')}
                cancelText={t('common.cancel')}
                onConfirm={() => remove.mutate({ what: 'trainings', id: tr.id })}
              >
                <Button size="small" type="link" danger icon={<DeleteOutlined />}>
                  {t('staff.delete')}
                </Button>
              </Popconfirm>
            ),
          },
        ]
      : []),
  ];

  return (
    <Drawer open={user !== null} onClose={onClose} size={960} title={user ? t('staff.title', { name: user.displayName }) : ''} destroyOnHidden data-testid="qualifications-drawer">
      {data.isError ? (
        <ErrorResult error={data.error} onRetry={() => void data.refetch()} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card
            size="small"
            title={t('staff.certificates')}
            extra={
              canManage && (
                <Button size="small" type="primary" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="certificate-create">
                  {t('staff.addCertificate')}
                </Button>
              )
            }
          >
            <Table<Certificate>
              size="small"
              rowKey="id"
              columns={certificateColumns}
              dataSource={data.data?.certificates ?? []}
              loading={data.isFetching}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('staff.noCertificates')} /> }}
              data-testid="certificates-table"
            />
          </Card>
          <Card
            size="small"
            title={t('staff.trainings')}
            extra={
              canManage && (
                <Button size="small" icon={<PlusOutlined />} onClick={() => setAddingTraining(true)} data-testid="training-create">
                  {t('staff.addTraining')}
                </Button>
              )
            }
          >
            <Table<Training>
              size="small"
              rowKey="id"
              columns={trainingColumns}
              dataSource={data.data?.trainings ?? []}
              loading={data.isFetching}
              pagination={false}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('staff.noTrainings')} /> }}
              data-testid="trainings-table"
            />
          </Card>
        </Space>
      )}
      {user && editing !== undefined && (
        <CertificateFormModal
          userId={user.id}
          certificate={editing}
          onClose={(ok) => {
            saved(ok, editing ? t('common.saved') : t('common.created'));
            setEditing(undefined);
          }}
        />
      )}
      {user && addingTraining && (
        <TrainingFormModal
          userId={user.id}
          onClose={(ok) => {
            saved(ok, t('common.created'));
            setAddingTraining(false);
          }}
        />
      )}
    </Drawer>
  );
};
