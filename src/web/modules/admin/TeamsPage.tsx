import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Modal, Select, Table } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../../../contracts/identity.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorResult } from '../../app/Results.js';
import { teamsKey, useTeams } from './adminApi.js';

type Kind = Team['kind'];
type Values = { name: string; kind: Kind };
const kinds: Kind[] = ['phone', 'field', 'mixed'];

const TeamFormModal = ({ team, onClose }: { team: Team | null; onClose: (saved: boolean) => void }) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: Values) =>
      team ? api<Team>(`/api/admin/teams/${team.id}`, { method: 'PATCH', body }) : api<Team>('/api/admin/teams', { method: 'POST', body }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: teamsKey });
      onClose(true);
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });
  return (
    <Modal
      open
      title={team ? t('teams.editTitle') : t('teams.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={team ? { name: team.name, kind: team.kind } : { kind: 'phone' }}
        onFinish={(v) => save.mutate({ name: v.name.trim(), kind: v.kind })}
      >
        <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true, max: 60, message: t('teams.nameRequired') }]}>
          <Input autoComplete="off" data-testid="team-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('teams.kind')}>
          <Select options={kinds.map((k) => ({ value: k, label: t(`teams.kinds.${k}`) }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
};

export const TeamsPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const teams = useTeams();
  // undefined = closed, null = creating, Team = editing
  const [editing, setEditing] = useState<Team | null | undefined>(undefined);

  if (teams.isError && !teams.data) return <ErrorResult error={teams.error} onRetry={() => void teams.refetch()} />;

  const columns: TableProps<Team>['columns'] = [
    { title: t('teams.name'), dataIndex: 'name' },
    { title: t('teams.kind'), dataIndex: 'kind', width: 120, render: (k: Kind) => t(`teams.kinds.${k}`) },
    { title: t('teams.members'), dataIndex: 'memberCount', width: 100, align: 'right' },
    { title: t('teams.createdAt'), dataIndex: 'createdAt', width: 160, render: (v: string) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      render: (_: unknown, team) => (
        <Button size="small" type="link" icon={<EditOutlined />} onClick={() => setEditing(team)}>
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('teams.title')}
      extra={
        <Button type="primary" size="small" icon={<PlusOutlined />} onClick={() => setEditing(null)} data-testid="team-create">
          {t('teams.create')}
        </Button>
      }
    >
      <Table<Team> size="small" rowKey="id" columns={columns} dataSource={teams.data ?? []} loading={teams.isFetching} pagination={false} data-testid="teams-table" />
      {editing !== undefined && (
        <TeamFormModal
          team={editing}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) void message.success(t('common.saved'));
          }}
        />
      )}
    </Card>
  );
};
