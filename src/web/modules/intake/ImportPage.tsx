import {
  CheckCircleFilled,
  CloseCircleFilled,
  DownloadOutlined,
  FileTextOutlined,
  InboxOutlined,
  PlusOutlined,
  ProfileOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Progress, Radio, Result, Row, Select, Space, Steps, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import type { TableProps, UploadFile } from 'antd';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { useCreditors } from '../admin/adminApi.js';
import {
  importsKey,
  rejectedUrl,
  templateUrl,
  uploadImport,
  useImport,
  useImports,
  type ImportEncoding,
  type ImportJob,
  type ImportKind,
  type ImportStatus,
} from './intakeApi.js';
import { StagedImport } from './StagedImport.js';

const kinds: ImportKind[] = ['placements', 'payments'];
const encodings: ImportEncoding[] = ['auto', 'utf8', 'gbk'];
const statusColor: Record<ImportStatus, string> = { staged: 'gold', queued: 'default', running: 'processing', completed: 'success', failed: 'error', cancelled: 'default' };
const PREVIEW_ROWS = 20;
const num = (n: number) => n.toLocaleString('zh-CN');

const formatBytes = (n: number | null): string => {
  if (n === null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
};

const StatusTag = ({ status }: { status: ImportStatus }) => {
  const { t } = useTranslation();
  return (
    <Tag color={statusColor[status]} style={{ marginInlineEnd: 0 }} data-testid={`import-status-${status}`}>
      {t(`intake.statuses.${status}`)}
    </Tag>
  );
};

/** "接收 9 + 拒绝 1 = 总行数 10 ✓": the report must add up; shown only once the job has finished. */
const Balance = ({ job, verbose = false }: { job: ImportJob; verbose?: boolean }) => {
  const { t } = useTranslation();
  const ok = job.acceptedRows + job.rejectedRows === job.totalRows;
  const done = job.status === 'completed';
  const icon = !done ? null : ok ? (
    <CheckCircleFilled style={{ color: '#52c41a' }} data-testid="import-balance-ok" />
  ) : (
    <CloseCircleFilled style={{ color: '#ff4d4f' }} data-testid="import-balance-bad" />
  );
  const text = verbose
    ? t('intake.balanceVerbose', { accepted: num(job.acceptedRows), rejected: num(job.rejectedRows), total: num(job.totalRows) })
    : `${num(job.acceptedRows)} + ${num(job.rejectedRows)} = ${num(job.totalRows)}`;
  return (
    <Tooltip title={done ? t(ok ? 'intake.balanceOk' : 'intake.balanceBad') : t('intake.balanceHint')}>
      <Space size={4} style={{ whiteSpace: 'nowrap' }}>
        <Typography.Text type={done && !ok ? 'danger' : undefined} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {text}
        </Typography.Text>
        {icon}
      </Space>
    </Tooltip>
  );
};

const RejectedButton = ({ job, size = 'small' }: { job: ImportJob; size?: 'small' | 'middle' }) => {
  const { t } = useTranslation();
  if (!job.hasRejectedFile) return null;
  return (
    <Button
      size={size}
      type={size === 'small' ? 'link' : 'default'}
      icon={<DownloadOutlined />}
      href={rejectedUrl(job.id)}
      download
      onClick={(e) => e.stopPropagation()}
      data-testid={`import-rejected-${job.id}`}
    >
      {t(size === 'small' ? 'intake.downloadRejectedShort' : 'intake.downloadRejected')}
    </Button>
  );
};

const ImportDrawer = ({ job, creditorName, onClose }: { job: ImportJob | null; creditorName: (id: string) => string; onClose: () => void }) => {
  const { t } = useTranslation();
  const items: { key: string; label: string; children: ReactNode; span?: number }[] = job
    ? [
        { key: 'fileName', label: t('intake.fileName'), children: <Typography.Text copyable>{job.fileName}</Typography.Text>, span: 2 },
        { key: 'creditor', label: t('intake.creditor'), children: creditorName(job.creditorId) },
        { key: 'kind', label: t('intake.kind'), children: t(`intake.kinds.${job.kind}`) },
        { key: 'status', label: t('intake.status'), children: <StatusTag status={job.status} /> },
        { key: 'encoding', label: t('intake.encoding'), children: job.encoding ? (t(`intake.encodings.${job.encoding}`, { defaultValue: job.encoding })) : '—' },
        { key: 'source', label: t('intake.source'), children: t(`intake.sources.${job.source}`) },
        { key: 'size', label: t('intake.size'), children: `${formatBytes(job.bytesRead)} / ${formatBytes(job.totalBytes)}` },
        { key: 'createdAt', label: t('intake.createdAt'), children: formatDateTime(job.createdAt) },
        { key: 'startedAt', label: t('intake.startedAt'), children: formatDateTime(job.startedAt) },
        { key: 'finishedAt', label: t('intake.finishedAt'), children: formatDateTime(job.finishedAt), span: 2 },
        { key: 'totalRows', label: t('intake.totalRows'), children: num(job.totalRows) },
        { key: 'acceptedRows', label: t('intake.acceptedRows'), children: num(job.acceptedRows) },
        { key: 'rejectedRows', label: t('intake.rejectedRows'), children: <Typography.Text type={job.rejectedRows > 0 ? 'danger' : undefined}>{num(job.rejectedRows)}</Typography.Text> },
        { key: 'insertedRows', label: t('intake.insertedRows'), children: num(job.insertedRows) },
        { key: 'updatedRows', label: t('intake.updatedRows'), children: num(job.updatedRows) },
        { key: 'unchangedRows', label: t('intake.unchangedRows'), children: num(job.unchangedRows) },
        { key: 'balance', label: t('intake.balance'), children: <Balance job={job} verbose />, span: 2 },
        {
          key: 'acceptedSplit',
          label: t('intake.acceptedSplit'),
          span: 2,
          children: t('intake.acceptedSplitValue', { accepted: num(job.acceptedRows), inserted: num(job.insertedRows), updated: num(job.updatedRows), unchanged: num(job.unchangedRows) }),
        },
      ]
    : [];
  return (
    <Drawer open={!!job} onClose={onClose} size={640} title={t('intake.reportTitle')} destroyOnHidden data-testid="import-drawer">
      {job && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {job.status === 'running' && <Progress percent={Math.floor(job.percent)} status="active" />}
          {job.status === 'failed' && <Alert type="error" showIcon title={t('intake.failedTitle')} description={job.error ?? t('common.requestFailed')} />}
          <Descriptions size="small" bordered column={2} items={items} styles={{ label: { whiteSpace: 'nowrap' } }} />
          {job.hasRejectedFile && (
            <Alert
              type="warning"
              showIcon
              title={t('intake.rejectedHelp', { count: job.rejectedRows })}
              action={<RejectedButton job={job} size="middle" />}
            />
          )}
        </Space>
      )}
    </Drawer>
  );
};

/** Step 3: the import just started, followed until it ends, then its report. */
const LiveReport = ({ jobId, onOpen, onAnother }: { jobId: string; onOpen: (id: string) => void; onAnother: () => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const job = useImport(jobId);
  const j = job.data;
  const finishedNow = j?.status === 'completed' || j?.status === 'failed';
  // The list below shows the same job: refresh it once this one has ended.
  useEffect(() => {
    if (finishedNow) void qc.invalidateQueries({ queryKey: importsKey });
  }, [finishedNow, qc]);
  if (!j) return job.isError ? <ErrorResult error={job.error} onRetry={() => void job.refetch()} /> : <Progress percent={0} status="active" />;
  const finished = j.status === 'completed' || j.status === 'failed';
  const actions = (
    <Space wrap>
      <RejectedButton job={j} size="middle" />
      <Button icon={<ProfileOutlined />} onClick={() => onOpen(j.id)} data-testid="import-open-report">
        {t('intake.reportTitle')}
      </Button>
      <Button type={finished ? 'primary' : 'default'} icon={<PlusOutlined />} onClick={onAnother} data-testid="import-another">
        {t('intake.newAnother')}
      </Button>
    </Space>
  );
  if (!finished) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-live">
        <Space>
          <Typography.Text strong>{j.fileName}</Typography.Text>
          <StatusTag status={j.status} />
        </Space>
        <Progress percent={Math.floor(j.percent)} status="active" />
        <Balance job={j} verbose />
        {actions}
      </Space>
    );
  }
  return (
    <Result
      status={j.status === 'failed' ? 'error' : j.rejectedRows > 0 ? 'warning' : 'success'}
      title={`${j.fileName} · ${t(`intake.statuses.${j.status}`)}`}
      subTitle={j.status === 'failed' ? j.error : <Balance job={j} verbose />}
      extra={actions}
      style={{ padding: '16px 0' }}
      data-testid="import-live"
    >
      {j.status === 'completed' && (
        <Descriptions
          size="small"
          bordered
          column={{ xs: 2, md: 3, lg: 6 }}
          items={[
            { key: 'totalRows', label: t('intake.totalRows'), children: <span data-testid="import-live-total">{num(j.totalRows)}</span> },
            { key: 'acceptedRows', label: t('intake.acceptedRows'), children: <span data-testid="import-live-accepted">{num(j.acceptedRows)}</span> },
            {
              key: 'rejectedRows',
              label: t('intake.rejectedRows'),
              children: (
                <Typography.Text type={j.rejectedRows > 0 ? 'danger' : undefined} data-testid="import-live-rejected">
                  {num(j.rejectedRows)}
                </Typography.Text>
              ),
            },
            { key: 'insertedRows', label: t('intake.insertedRows'), children: num(j.insertedRows) },
            { key: 'updatedRows', label: t('intake.updatedRows'), children: num(j.updatedRows) },
            { key: 'unchangedRows', label: t('intake.unchangedRows'), children: num(j.unchangedRows) },
          ]}
        />
      )}
    </Result>
  );
};

type Values = { creditorId?: string; kind: ImportKind; encoding: ImportEncoding };

export const ImportPage = () => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const creditors = useCreditors();
  const imports = useImports();
  const [file, setFile] = useState<File | null>(null);
  const [uploadPercent, setUploadPercent] = useState(0);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  /** The staged upload whose mapping is being checked (step 2), and the import being followed (step 3). */
  const [stagedId, setStagedId] = useState<string | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const step = runId ? 2 : stagedId ? 1 : 0;
  const en = i18n.language === 'en';
  const locale = en ? 'en' : 'zh-CN';
  const numWidth = en ? 84 : 64;

  const creditorNames = useMemo(() => new Map((creditors.data ?? []).map((c) => [c.id, c.name])), [creditors.data]);
  const creditorName = (id: string) => creditorNames.get(id) ?? id;
  const creditorOptions = (creditors.data ?? []).filter((c) => c.status === 'active').map((c) => ({ value: c.id, label: `${c.name}（${c.code}）` }));

  const upload = useMutation({
    mutationFn: (v: Values & { file: File }) => {
      setUploadPercent(0);
      return uploadImport({ creditorId: v.creditorId ?? '', kind: v.kind, encoding: v.encoding, file: v.file, stage: true }, setUploadPercent);
    },
    onSuccess: async (job) => {
      setFile(null);
      setUploadError(null);
      setStagedId(job.id);
      void message.success(t('intake.uploadedStaged', { fileName: job.fileName }));
      await qc.invalidateQueries({ queryKey: importsKey });
    },
    onError: (err) => setUploadError(isApiError(err) && err.message ? err.message : t('common.requestFailed')),
  });

  const onFinish = (v: Values) => {
    if (!file) {
      setUploadError(t('intake.fileRequired'));
      return;
    }
    upload.mutate({ ...v, file });
  };

  const fileList: UploadFile[] = file ? [{ uid: 'selected', name: `${file.name}（${formatBytes(file.size)}）`, status: upload.isPending ? 'uploading' : 'done', percent: uploadPercent }] : [];

  const columns: TableProps<ImportJob>['columns'] = [
    { title: t('intake.createdAt'), dataIndex: 'createdAt', width: 136, render: (v: string) => formatDateTime(v) },
    {
      title: t('intake.fileName'),
      dataIndex: 'fileName',
      ellipsis: true,
      minWidth: 180,
      render: (v: string, j) => (
        <Space orientation="vertical" size={0} style={{ minWidth: 0, maxWidth: '100%' }}>
          <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
            {creditorName(j.creditorId)}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('intake.kind'), dataIndex: 'kind', width: en ? 90 : 64, render: (k: ImportKind) => t(`intake.kinds.${k}`) },
    {
      title: t('intake.status'),
      dataIndex: 'status',
      width: 120,
      render: (s: ImportStatus, j) => (
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          <StatusTag status={s} />
          {s === 'running' && <Progress percent={Math.floor(j.percent)} size="small" status="active" style={{ marginBottom: 0 }} />}
          {s === 'failed' && j.error && (
            <Typography.Text type="danger" style={{ fontSize: 12 }} ellipsis={{ tooltip: j.error }}>
              {j.error}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('intake.totalRows'), dataIndex: 'totalRows', width: numWidth + 16, align: 'right', render: (v: number) => <span style={{ whiteSpace: 'nowrap' }}>{num(v)}</span> },
    { title: t('intake.acceptedRows'), dataIndex: 'acceptedRows', width: numWidth, align: 'right', render: num },
    {
      title: t('intake.rejectedRows'),
      dataIndex: 'rejectedRows',
      width: numWidth,
      align: 'right',
      render: (n: number) => <Typography.Text type={n > 0 ? 'danger' : undefined}>{num(n)}</Typography.Text>,
    },
    { title: t('intake.insertedRows'), dataIndex: 'insertedRows', width: numWidth, align: 'right', render: num },
    { title: t('intake.updatedRows'), dataIndex: 'updatedRows', width: numWidth, align: 'right', render: num },
    { title: t('intake.unchangedRows'), dataIndex: 'unchangedRows', width: numWidth, align: 'right', render: num },
    { title: t('intake.balanceShort'), key: 'balance', width: 140, render: (_: unknown, j) => <Balance job={j} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      width: en ? 150 : 120,
      fixed: 'right',
      render: (_: unknown, j) =>
        j.status === 'staged' ? (
          <Button
            size="small"
            type="link"
            onClick={(e) => {
              e.stopPropagation();
              setRunId(null);
              setStagedId(j.id);
              window.scrollTo({ top: 0, behavior: 'smooth' });
            }}
            data-testid={`import-continue-${j.id}`}
          >
            {t('intake.continueStaged')}
          </Button>
        ) : (
          <RejectedButton job={j} />
        ),
    },
  ];

  const openJob = (imports.data ?? []).find((j) => j.id === openId) ?? null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('intake.newImport')} data-testid="import-new">
        <Steps
          size="small"
          current={step}
          style={{ maxWidth: 720, margin: '4px 0 16px' }}
          items={[{ title: t('intake.steps.upload') }, { title: t('intake.steps.mapping') }, { title: t('intake.steps.report') }]}
          data-testid="import-steps"
        />
        {stagedId && !runId && (
          <StagedImport
            key={stagedId}
            jobId={stagedId}
            creditorName={creditorName}
            onRun={(job) => {
              setStagedId(null);
              setRunId(job.id);
              void qc.invalidateQueries({ queryKey: importsKey });
            }}
            onDiscard={() => {
              setStagedId(null);
              void qc.invalidateQueries({ queryKey: importsKey });
            }}
          />
        )}
        {runId && <LiveReport jobId={runId} onOpen={setOpenId} onAnother={() => setRunId(null)} />}
        <Row gutter={[24, 16]} style={step === 0 ? undefined : { display: 'none' }}>
          <Col xs={24} lg={14}>
            <Form<Values> form={form} layout="vertical" initialValues={{ kind: 'placements', encoding: 'auto' }} onFinish={onFinish} disabled={upload.isPending}>
              <Row gutter={16}>
                <Col xs={24} md={11}>
                  <Form.Item name="creditorId" label={t('intake.creditor')} rules={[{ required: true, message: t('intake.creditorRequired') }]}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      loading={creditors.isLoading}
                      options={creditorOptions}
                      placeholder={t('intake.creditorPlaceholder')}
                      data-testid="import-creditor"
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={7}>
                  <Form.Item name="kind" label={t('intake.kind')}>
                    <Radio.Group optionType="button" options={kinds.map((k) => ({ value: k, label: t(`intake.kinds.${k}`) }))} style={{ whiteSpace: 'nowrap' }} data-testid="import-kind" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={6}>
                  <Form.Item name="encoding" label={t('intake.encoding')}>
                    <Select options={encodings.map((e) => ({ value: e, label: t(`intake.encodings.${e}`) }))} data-testid="import-encoding" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item style={{ marginBottom: 12 }}>
                <Upload.Dragger
                  accept=".csv,.txt,.xlsx"
                  multiple={false}
                  maxCount={1}
                  fileList={fileList}
                  beforeUpload={(f) => {
                    setFile(f);
                    setUploadError(null);
                    return false;
                  }}
                  onRemove={() => {
                    setFile(null);
                    return true;
                  }}
                  data-testid="import-dragger"
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined />
                  </p>
                  <p className="ant-upload-text">{t('intake.dropText')}</p>
                  <p className="ant-upload-hint">{t('intake.dropHint')}</p>
                </Upload.Dragger>
              </Form.Item>
              {uploadError && <Alert type="error" showIcon title={uploadError} style={{ marginBottom: 12 }} data-testid="import-error" />}
              <Space>
                <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={upload.isPending} disabled={!file} data-testid="import-submit">
                  {upload.isPending ? t('intake.uploading', { percent: uploadPercent }) : t('intake.stageSubmit')}
                </Button>
                <Typography.Text type="secondary">{t('intake.stageHint', { count: PREVIEW_ROWS })}</Typography.Text>
              </Space>
            </Form>
          </Col>
          <Col xs={24} lg={10}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t('intake.templates')}
            </Typography.Title>
            <Space wrap style={{ marginBottom: 12 }}>
              {kinds.map((k) => (
                <Button key={k} icon={<FileTextOutlined />} href={templateUrl(k, locale)} download data-testid={`import-template-${k}`}>
                  {t('intake.templateFor', { kind: t(`intake.kinds.${k}`) })}
                </Button>
              ))}
            </Space>
            <Typography.Title level={5}>{t('intake.helpTitle')}</Typography.Title>
            <ul style={{ paddingInlineStart: 20, margin: 0, color: 'rgba(0,0,0,0.65)' }} data-testid="import-help">
              <li>{t('intake.helpRow')}</li>
              <li>{t('intake.helpRejected')}</li>
              <li>{t('intake.helpIdempotent')}</li>
              <li>{t('intake.helpFormats')}</li>
            </ul>
          </Col>
        </Row>
      </Card>

      <Card size="small" title={t('intake.recent')} extra={<Typography.Text type="secondary">{t('intake.rowClickHint')}</Typography.Text>}>
        {imports.isError && !imports.data ? (
          <ErrorResult error={imports.error} onRetry={() => void imports.refetch()} />
        ) : (
          <Table<ImportJob>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={imports.data ?? []}
            loading={imports.isLoading}
            pagination={false}
            scroll={{ x: en ? 1320 : 1160 }}
            onRow={(j) => ({ onClick: () => setOpenId(j.id), style: { cursor: 'pointer' } })}
            data-testid="imports-table"
          />
        )}
      </Card>
      <ImportDrawer job={openJob} creditorName={creditorName} onClose={() => setOpenId(null)} />
    </Space>
  );
};
