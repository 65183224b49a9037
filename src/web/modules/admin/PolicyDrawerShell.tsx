import { UndoOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormInstance } from 'antd';
import { Alert, App, Button, Drawer, Form, Popconfirm, Space, Tag, Typography } from 'antd';
import type { NamePath, Store } from 'antd/es/form/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Creditor } from '../../../contracts/identity.js';
import { api, isApiError } from '../../api/client.js';
import { creditorsKey } from './adminApi.js';

/**
 * What the creditor policy drawers (逾期政策, 协商政策) share: the drawer and its title tag, the form with its
 * defaults/custom hint, the error summary, and the sticky footer (restore defaults, cancel, save). Each drawer
 * keeps its own fields, labels and conversion between the form and the stored policy.
 */

export const SectionTitle = ({ children }: { children: React.ReactNode }) => (
  <Typography.Title level={5} style={{ margin: '8px 0 12px', paddingBottom: 6, borderBottom: '1px solid #f0f0f0' }}>
    {children}
  </Typography.Title>
);

type DrawerProps = {
  creditor: Creditor | null;
  onClose: () => void;
  size: number;
  /** The title, e.g. "某银行 · 逾期政策". */
  title: (creditor: Creditor) => string;
  /** Whether the creditor has its own policy (the tag says custom or defaults). */
  isCustom: (creditor: Creditor) => boolean;
  tags: { custom: string; defaults: string };
  'data-testid': string;
  /** The form, remounted for each creditor. */
  children: (creditor: Creditor) => React.ReactNode;
};

export const PolicyDrawerFrame = ({ creditor, onClose, size, title, isCustom, tags, children, 'data-testid': testId }: DrawerProps) => (
  <Drawer
    open={creditor !== null}
    onClose={onClose}
    size={size}
    title={
      creditor ? (
        <Space size={8}>
          <span>{title(creditor)}</span>
          {isCustom(creditor) ? <Tag color="blue">{tags.custom}</Tag> : <Tag>{tags.defaults}</Tag>}
        </Space>
      ) : (
        ''
      )
    }
    destroyOnHidden
    data-testid={testId}
  >
    {creditor && children(creditor)}
  </Drawer>
);

/** How the API's issues map onto a policy form: path → segments → form field and a label naming it. */
export type IssueMapping<S> = {
  segmentsOf: (path: string) => S;
  fieldOf: (segs: S) => NamePath | null;
  labelOf: (segs: S) => string;
  /** The message as shown (default: as the API sent it). */
  textOf?: (message: string) => string;
};

/** Puts the API's issues on the form's fields; returns a line per issue (field label: message) for the summary. */
export const applyIssues = <V, S>(form: FormInstance<V>, err: unknown, mapping: IssueMapping<S>, fallback: string): string[] => {
  if (!isApiError(err)) return [err instanceof Error ? err.message : fallback];
  if (err.issues.length === 0) return [err.message || fallback];
  const fields: { name: NamePath; errors: string[] }[] = [];
  const lines: string[] = [];
  for (const issue of err.issues) {
    const segs = mapping.segmentsOf(issue.path);
    const name = mapping.fieldOf(segs);
    const text = mapping.textOf ? mapping.textOf(issue.message) : issue.message;
    if (name) fields.push({ name, errors: [text] });
    lines.push(`${mapping.labelOf(segs)}：${text}`);
  }
  form.setFields(fields);
  const first = fields[0];
  if (first) form.scrollToField(first.name, { block: 'center' });
  return lines;
};

type FormProps<V extends Store, P, S> = {
  creditor: Creditor;
  form: FormInstance<V>;
  /** The creditor's field the policy is stored in (PATCH /api/admin/creditors/:id). */
  policyField: 'delinquencyPolicy' | 'negotiationPolicy';
  /** The creditor's own policy, null when it uses the defaults (then there is nothing to restore). */
  stored: unknown;
  initialValues: V;
  /** The policy to store from the form's values. */
  toPolicy: (values: V) => P;
  issues: IssueMapping<S>;
  texts: { customHint: string; defaultsHint: string; restoreConfirm: string };
  /** Prefix of the test ids: `<prefix>-form`, `-errors`, `-restore`, `-save`. */
  testIdPrefix: string;
  onClose: () => void;
  children: React.ReactNode;
};

/** A creditor policy form: saving (or restoring the defaults) patches the creditor; the API's issues go on the fields and into a summary. */
export const PolicyFormShell = <V extends Store, P, S>({
  creditor, form, policyField, stored, initialValues, toPolicy, issues, texts, testIdPrefix, onClose, children,
}: FormProps<V, P, S>) => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [errors, setErrors] = useState<string[]>([]);

  const patch = useMutation({
    mutationFn: (policy: P | null) => api<Creditor>(`/api/admin/creditors/${creditor.id}`, { method: 'PATCH', body: { [policyField]: policy } }),
    onSuccess: async (_res, policy) => {
      await qc.invalidateQueries({ queryKey: creditorsKey });
      void message.success(policy === null ? t('creditors.policy.restored') : t('common.saved'));
      onClose();
    },
    onError: (err) => setErrors(applyIssues(form, err, issues, t('common.requestFailed'))),
  });

  const save = (v: V) => {
    setErrors([]);
    patch.mutate(toPolicy(v));
  };

  return (
    <Form<V>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={save}
      onValuesChange={() => errors.length > 0 && setErrors([])}
      scrollToFirstError={{ block: 'center' }}
      requiredMark={false}
      data-testid={`${testIdPrefix}-form`}
    >
      <Alert type={stored ? 'info' : 'success'} showIcon title={stored ? texts.customHint : texts.defaultsHint} style={{ marginBottom: 16 }} />
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          title={t('creditors.policy.saveFailed')}
          description={errors.map((e) => (
            <div key={e}>{e}</div>
          ))}
          style={{ marginBottom: 16 }}
          data-testid={`${testIdPrefix}-errors`}
        />
      )}

      {children}

      <div
        style={{
          position: 'sticky',
          bottom: -24,
          margin: '8px -24px -24px',
          padding: '12px 24px',
          background: '#fff',
          borderTop: '1px solid #f0f0f0',
          display: 'flex',
          justifyContent: 'space-between',
          zIndex: 2,
        }}
      >
        <Popconfirm
          title={texts.restoreConfirm}
          okText={t('creditors.policy.restore')}
          cancelText={t('common.cancel')}
          onConfirm={() => {
            setErrors([]);
            patch.mutate(null);
          }}
          disabled={!stored}
        >
          <Button icon={<UndoOutlined />} disabled={!stored || patch.isPending} data-testid={`${testIdPrefix}-restore`}>
            {t('creditors.policy.restore')}
          </Button>
        </Popconfirm>
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={patch.isPending} data-testid={`${testIdPrefix}-save`}>
            {t('common.save')}
          </Button>
        </Space>
      </div>
    </Form>
  );
};
