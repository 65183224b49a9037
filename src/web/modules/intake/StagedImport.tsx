// Step 2 of an import: the uploaded file is staged on the server. The user checks the column mapping (prefilled with
// the creditor's saved mapping or the one recognised from the column names) against the first rows, validated as the
// import will validate them, then starts the import or discards the upload.
import { CheckCircleFilled, CloseCircleFilled, DeleteOutlined, PlayCircleOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Popconfirm, Row, Select, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.js';
import { discardImport, runImport, usePreview, type ColumnMapping, type ImportJob, type ImportPreview, type IntakeField, type PreviewError } from './intakeApi.js';

const ERROR_BG = '#fff1f0';
const ERROR_BORDER = '#ffccc7';

const delimiterKey = (d: string | null) => (d === ',' ? 'comma' : d === ';' ? 'semicolon' : d === '\t' ? 'tab' : d === '|' ? 'pipe' : 'none');
/** Excel-style column letters: 0 → A, 26 → AA. */
const letters = (i: number): string => (i < 26 ? String.fromCharCode(65 + i) : letters(Math.floor(i / 26) - 1) + String.fromCharCode(65 + (i % 26)));

type Row = ImportPreview['rows'][number];

const ErrorList = ({ errors }: { errors: PreviewError[] }) => {
  const { i18n } = useTranslation();
  const sep = i18n.language === 'en' ? ': ' : '：';
  return (
    <ul style={{ margin: 0, paddingInlineStart: 16 }}>
      {errors.map((e, i) => (
        <li key={i}>{e.column ? `${e.column}${sep}${e.message}` : e.message}</li>
      ))}
    </ul>
  );
};

export const StagedImport = ({ jobId, creditorName, onRun, onDiscard }: { jobId: string; creditorName: (id: string) => string; onRun: (job: ImportJob) => void; onDiscard: (job: ImportJob) => void }) => {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const list = locale === 'en' ? ', ' : '、';
  /** null until the user changes something: the preview then shows the mapping the run would use. */
  const [edited, setEdited] = useState<ColumnMapping | null>(null);
  const [saveMapping, setSaveMapping] = useState(false);
  const [showAll, setShowAll] = useState(false);
  const preview = usePreview(jobId, edited);
  const p = preview.data;
  const mapping: ColumnMapping = edited ?? p?.mapping ?? {};

  const run = useMutation({
    mutationFn: () => runImport(jobId, { mapping, saveMapping }),
    onSuccess: (job) => {
      void message.success(t('intake.runStarted', { fileName: job.fileName }));
      onRun(job);
    },
    onError: (err) => void message.error(isApiError(err) && err.message ? err.message : t('common.requestFailed')),
  });
  const discard = useMutation({
    mutationFn: () => discardImport(jobId),
    onSuccess: (job) => {
      void message.success(t('intake.discarded', { fileName: job.fileName }));
      onDiscard(job);
    },
    onError: (err) => void message.error(isApiError(err) && err.message ? err.message : t('common.requestFailed')),
  });

  const header = p?.header ?? [];
  const fieldOfColumn = useMemo(() => {
    const m = new Map<number, IntakeField>();
    for (const f of p?.fields ?? []) {
      const i = mapping[f.key];
      if (i !== undefined && !m.has(i)) m.set(i, f);
    }
    return m;
  }, [p?.fields, mapping]);
  const mappingErrorsOf = useMemo(() => {
    const m = new Map<string, PreviewError[]>();
    for (const e of p?.mappingErrors ?? []) if (e.field) m.set(e.field, [...(m.get(e.field) ?? []), e]);
    return m;
  }, [p?.mappingErrors]);

  const setColumn = (field: string, column: number | undefined) => {
    const next: ColumnMapping = { ...mapping };
    if (column === undefined || column === null) delete next[field];
    else next[field] = column;
    setEdited(next);
  };

  const okRows = (p?.rows ?? []).filter((r) => r.ok).length;
  const badRows = (p?.rows.length ?? 0) - okRows;
  const fields = (p?.fields ?? []).filter((f) => showAll || f.required || mapping[f.key] !== undefined || mappingErrorsOf.has(f.key));
  const mappedCount = (p?.fields ?? []).filter((f) => mapping[f.key] !== undefined).length;
  const unmappedColumns = header.filter((h, i) => h.trim() !== '' && !fieldOfColumn.has(i));
  const blocked = !p || p.mappingErrors.length > 0 || preview.isFetching;

  const columnOptions = header.map((h, i) => {
    const owner = fieldOfColumn.get(i);
    return {
      value: i,
      label: h || `${letters(i)}`,
      letter: letters(i),
      title: `${letters(i)} ${h}`,
      owner: owner ? owner.label[locale] : null,
    };
  });

  const mappingColumns: TableProps<IntakeField>['columns'] = [
    {
      title: t('intake.field'),
      dataIndex: 'key',
      width: locale === 'en' ? 190 : 128,
      render: (_: string, f) => (
        <Space size={4}>
          {f.required && (
            <Typography.Text type="danger" aria-label={t('intake.requiredMark')}>
              *
            </Typography.Text>
          )}
          <span>{f.label[locale]}</span>
          {f.help && (
            <Tooltip title={f.help[locale]}>
              <QuestionCircleOutlined style={{ color: 'rgba(0,0,0,0.35)' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('intake.fileColumn'),
      key: 'column',
      render: (_: unknown, f) => {
        const errs = mappingErrorsOf.get(f.key) ?? [];
        return (
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Select<number>
              size="small"
              allowClear
              showSearch={{ optionFilterProp: 'title' }}
              placeholder={t('intake.notMapped')}
              value={mapping[f.key]}
              onChange={(v) => setColumn(f.key, v)}
              status={errs.length ? 'error' : undefined}
              style={{ width: '100%' }}
              options={columnOptions.map((o) => ({ value: o.value, title: o.title, label: o.label, letter: o.letter, owner: o.owner }))}
              popupMatchSelectWidth={false}
              optionRender={(o) => (
                <Space style={{ justifyContent: 'space-between', width: '100%', minWidth: 200 }}>
                  <span>
                    <Typography.Text type="secondary" style={{ display: 'inline-block', minWidth: 22, fontSize: 12 }}>
                      {o.data.letter}
                    </Typography.Text>
                    {o.label}
                  </span>
                  {o.data.owner && o.value !== mapping[f.key] && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{o.data.owner}</Typography.Text>}
                </Space>
              )}
              data-testid={`import-map-${f.key}`}
            />
            {errs.map((e, i) => (
              <Typography.Text key={i} type="danger" style={{ fontSize: 12 }}>
                {e.message}
              </Typography.Text>
            ))}
          </Space>
        );
      },
    },
    {
      title: t('intake.sampleValue'),
      key: 'sample',
      width: '30%',
      ellipsis: true,
      render: (_: unknown, f) => {
        const i = mapping[f.key];
        const v = i === undefined ? undefined : p?.rows[0]?.cells[i];
        return v ? <Typography.Text ellipsis={{ tooltip: v }}>{v}</Typography.Text> : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
  ];

  const previewColumns: TableProps<Row>['columns'] = [
    { title: t('intake.rowNumber'), dataIndex: 'rowNumber', width: 56, fixed: 'left', align: 'right' },
    {
      title: t('intake.check'),
      key: 'check',
      width: locale === 'en' ? 96 : 92,
      fixed: 'left',
      render: (_: unknown, r) =>
        r.ok ? (
          <Space size={4} style={{ color: '#389e0d', whiteSpace: 'nowrap' }}>
            <CheckCircleFilled />
            {t('intake.rowOk')}
          </Space>
        ) : (
          <Tooltip title={<ErrorList errors={r.errors} />}>
            <Space size={4} style={{ color: '#cf1322', whiteSpace: 'nowrap', cursor: 'help' }} data-testid={`import-row-bad-${r.rowNumber}`}>
              <CloseCircleFilled />
              {t('intake.rowBad', { count: r.errors.length })}
            </Space>
          </Tooltip>
        ),
    },
    ...header.map((h, i) => {
      const f = fieldOfColumn.get(i);
      return {
        key: `c${i}`,
        width: Math.min(220, Math.max(96, h.length * 15 + 24)),
        ellipsis: { showTitle: false },
        title: (
          <Space orientation="vertical" size={0} style={{ lineHeight: 1.3 }}>
            <span style={{ whiteSpace: 'nowrap' }}>{h || '—'}</span>
            <Typography.Text type={f ? undefined : 'secondary'} style={{ fontSize: 12, fontWeight: 'normal', color: f ? '#1677ff' : undefined, whiteSpace: 'nowrap' }}>
              {f ? `→ ${f.label[locale]}` : t('intake.notMapped')}
            </Typography.Text>
          </Space>
        ),
        onCell: (r: Row) => {
          const bad = r.errors.some((e) => e.columnIndex === i);
          return bad ? { style: { background: ERROR_BG, boxShadow: `inset 0 0 0 1px ${ERROR_BORDER}` } } : {};
        },
        render: (_: unknown, r: Row) => {
          const v = r.cells[i] ?? '';
          const errs = r.errors.filter((e) => e.columnIndex === i);
          if (errs.length) {
            return (
              <Tooltip title={errs.map((e) => e.message).join(list)}>
                <Typography.Text type="danger" style={{ cursor: 'help' }} data-testid={`import-cell-bad-${r.rowNumber}-${i}`}>
                  {v === '' ? t('intake.emptyCell') : v}
                </Typography.Text>
              </Tooltip>
            );
          }
          return (
            <Typography.Text ellipsis={{ tooltip: v }} type={f ? undefined : 'secondary'}>
              {v}
            </Typography.Text>
          );
        },
      };
    }),
  ];

  if (preview.isError && !p) {
    const err = preview.error;
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="import-staged">
        <Alert type="error" showIcon title={t('intake.previewFailed')} description={isApiError(err) && err.message ? err.message : t('common.requestFailed')} data-testid="import-preview-error" />
        <Button danger icon={<DeleteOutlined />} loading={discard.isPending} onClick={() => discard.mutate()} data-testid="import-discard">
          {t('intake.discard')}
        </Button>
      </Space>
    );
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="import-staged">
      {p && (
        <Space wrap size={[16, 4]} align="center">
          <Typography.Text strong>{p.job.fileName}</Typography.Text>
          <Typography.Text type="secondary">
            {creditorName(p.job.creditorId)} · {t(`intake.kinds.${p.job.kind}`)}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="import-file-info">
            {t('intake.fileInfo', {
              columns: header.length,
              encoding: p.format === 'xlsx' ? 'XLSX' : t(`intake.encodings.${p.encoding ?? 'auto'}`, { defaultValue: p.encoding ?? '—' }),
              delimiter: p.format === 'xlsx' ? t('intake.delimiters.none') : t(`intake.delimiters.${delimiterKey(p.delimiter)}`),
            })}
          </Typography.Text>
          <Space size={4}>
            <Typography.Text type="secondary">{t('intake.mappingSourceLabel')}</Typography.Text>
            <Tag color={p.mappingSource === 'saved' ? 'green' : p.mappingSource === 'given' ? 'blue' : 'default'} data-testid={`import-mapping-source-${p.mappingSource}`}>
              {t(`intake.mappingSources.${p.mappingSource}`)}
            </Tag>
          </Space>
        </Space>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card
            size="small"
            title={t('intake.mappingTitle')}
            extra={
              <Space size={6}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('intake.mappedCount', { mapped: mappedCount, total: p?.fields.length ?? 0 })}
                </Typography.Text>
                <Switch size="small" checked={showAll} onChange={setShowAll} data-testid="import-show-all-fields" />
                <span style={{ fontSize: 12 }}>{t('intake.showAllFields')}</span>
              </Space>
            }
            styles={{ body: { padding: 0 } }}
            data-testid="import-mapping"
          >
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 12px' }}>
              {t('intake.mappingHelp')}
            </Typography.Paragraph>
            <Table<IntakeField>
              size="small"
              rowKey="key"
              columns={mappingColumns}
              dataSource={fields}
              loading={!p && preview.isLoading}
              pagination={false}
              scroll={{ y: 430 }}
              onRow={(f) => (mappingErrorsOf.has(f.key) ? { style: { background: ERROR_BG } } : {})}
            />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('intake.previewTitle', { count: p?.rows.length ?? 20 })} data-testid="import-preview" styles={{ body: { padding: 12 } }}>
            <Space orientation="vertical" size={8} style={{ width: '100%' }}>
              {p && p.mappingErrors.length > 0 ? (
                <Alert type="error" showIcon title={t('intake.mappingErrorsTitle', { count: p.mappingErrors.length })} description={<ErrorList errors={p.mappingErrors} />} data-testid="import-mapping-errors" />
              ) : p ? (
                <Alert type="success" showIcon title={t('intake.mappingOk')} data-testid="import-mapping-ok" />
              ) : null}
              {p && (
                <Space wrap size={[16, 0]}>
                  <Typography.Text data-testid="import-preview-summary">
                    {t('intake.previewSummary', { total: p.rows.length, ok: okRows, bad: badRows })}
                  </Typography.Text>
                  {unmappedColumns.length > 0 && (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: unmappedColumns.join(list) }} style={{ maxWidth: 520 }}>
                      {t('intake.unmappedColumns', { columns: unmappedColumns.join(list) })}
                    </Typography.Text>
                  )}
                </Space>
              )}
              <Table<Row>
                size="small"
                bordered
                rowKey="rowNumber"
                columns={previewColumns}
                dataSource={p?.rows ?? []}
                loading={preview.isFetching}
                pagination={false}
                scroll={{ x: 'max-content', y: 380 }}
                data-testid="import-preview-table"
              />
            </Space>
          </Card>
        </Col>
      </Row>

      <Space wrap size="middle" style={{ justifyContent: 'flex-end', width: '100%' }}>
        <Checkbox checked={saveMapping} onChange={(e) => setSaveMapping(e.target.checked)} data-testid="import-save-mapping">
          {t('intake.saveMapping')}
        </Checkbox>
        <Popconfirm title={t('intake.discardConfirm')} onConfirm={() => discard.mutate()} okButtonProps={{ danger: true, id: 'import-discard-confirm' }}>
          <Button danger icon={<DeleteOutlined />} loading={discard.isPending} disabled={run.isPending} data-testid="import-discard">
            {t('intake.discard')}
          </Button>
        </Popconfirm>
        <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending} disabled={blocked || discard.isPending} onClick={() => run.mutate()} data-testid="import-run">
          {t('intake.run')}
        </Button>
      </Space>
    </Space>
  );
};
