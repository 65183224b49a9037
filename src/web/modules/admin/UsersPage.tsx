import { ApartmentOutlined, EditOutlined, PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Space, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role, User } from '../../../contracts/identity.js';
import { api, type Page } from '../../api/client.js';
import { formatDateTime } from '../../app/format.js';
import { pagination, usePaging } from '../../app/paging.js';
import { ErrorResult } from '../../app/Results.js';
import { useTeams } from './adminApi.js';
import { QualificationsDrawer } from './QualificationsDrawer.js';
import { CollectorProfileModal } from '../strategy/CollectorProfileModal.js';
import { UserFormModal } from './UserFormModal.js';

export const UsersPage = () => {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { page, pageSize, set: setPaging } = usePaging(20);
  const [editing, setEditing] = useState<User | null>(null);
  const [open, setOpen] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [qualificationsOf, setQualificationsOf] = useState<User | null>(null);
  const [profileOf, setProfileOf] = useState<User | null>(null);
  const openForm = (u: User | null) => {
    setEditing(u);
    setFormKey((k) => k + 1);
    setOpen(true);
  };
  const teams = useTeams();
  const users = useQuery({
    queryKey: ['admin', 'users', { page, pageSize }],
    queryFn: ({ signal }) => api<Page<User>>('/api/admin/users', { query: { page, pageSize }, signal }),
    placeholderData: keepPreviousData,
  });

  if (users.isError && !users.data) return <ErrorResult error={users.error} onRetry={() => void users.refetch()} />;

  const teamName = new Map((teams.data ?? []).map((tm) => [tm.id, tm.name]));
  const columns: TableProps<User>['columns'] = [
    { title: t('users.username'), dataIndex: 'username', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    { title: t('users.role'), dataIndex: 'role', render: (r: Role) => t(`roles.${r}`) },
    { title: t('users.team'), dataIndex: 'teamId', render: (id: string | null) => (id ? (teamName.get(id) ?? '…') : t('common.none')) },
    {
      title: t('users.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: User['status']) => <Badge status={s === 'active' ? 'success' : 'default'} text={t(s === 'active' ? 'users.active' : 'users.disabled')} />,
    },
    { title: t('users.lastLoginAt'), dataIndex: 'lastLoginAt', width: 150, render: (v: string | null) => formatDateTime(v) },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 190,
      render: (_: unknown, u) => (
        <Space size={0}>
          <Button
            size="small"
            type="link"
            icon={<EditOutlined />}
            onClick={() => openForm(u)}
            data-testid={`user-edit-${u.username}`}
          >
            {t('common.edit')}
          </Button>
          <Button size="small" type="link" icon={<SafetyCertificateOutlined />} onClick={() => setQualificationsOf(u)} data-testid={`user-qualifications-${u.username}`}>
            {t('staff.action')}
          </Button>
          {(u.role === 'collector' || u.role === 'field_collector') && (
            <Button size="small" type="link" icon={<ApartmentOutlined />} onClick={() => setProfileOf(u)} data-testid={`user-profile-${u.username}`}>
              {t('allocation.action')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      size="small"
      title={t('users.title')}
      extra={
        <Button
          type="primary"
          size="small"
          icon={<PlusOutlined />}
          onClick={() => openForm(null)}
          data-testid="user-create"
        >
          {t('users.create')}
        </Button>
      }
    >
      <Table<User>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={users.data?.items ?? []}
        loading={users.isFetching}
        data-testid="users-table"
        pagination={pagination(t, { page, pageSize, total: users.data?.total, onChange: setPaging })}
      />
      <UserFormModal
        key={formKey}
        open={open}
        user={editing}
        onClose={() => setOpen(false)}
        onSaved={(msg) => {
          setOpen(false);
          void message.success(msg);
        }}
      />
      <QualificationsDrawer user={qualificationsOf} onClose={() => setQualificationsOf(null)} />
      <CollectorProfileModal user={profileOf} onClose={() => setProfileOf(null)} />
    </Card>
  );
};
