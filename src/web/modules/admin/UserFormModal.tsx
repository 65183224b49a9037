import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreateUser, Role, UpdateUser, User } from '../../../contracts/identity.js';
import { roles } from '../../../contracts/constants.js';
import { api } from '../../api/client.js';
import { applyApiErrors } from '../../api/formErrors.js';
import { useCreditors, useTeams } from './adminApi.js';

type Values = {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  teamId?: string | null;
  creditorId?: string | null;
  locale: 'zh-CN' | 'en';
  status: 'active' | 'disabled';
};
type Props = { open: boolean; user: User | null; onClose: () => void; onSaved: (message: string) => void };

/**
 * Create (user = null) or edit a user. Field errors from the API land on the matching field.
 * The parent gives it a fresh `key` per opening, so the form starts from the right initial values.
 */
export const UserFormModal = ({ open, user, onClose, onSaved }: Props) => {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [formError, setFormError] = useState<string | null>(null);
  const teams = useTeams(open);
  const creditors = useCreditors(open);
  const role = Form.useWatch('role', form);
  const editing = user !== null;

  const save = useMutation({
    mutationFn: (v: Values) => {
      if (user) {
        const body: UpdateUser = {
          displayName: v.displayName,
          role: v.role,
          teamId: v.teamId ?? null,
          creditorId: v.creditorId ?? null,
          status: v.status,
          ...(v.password ? { password: v.password } : {}),
        };
        return api<User>(`/api/admin/users/${user.id}`, { method: 'PATCH', body });
      }
      const body: CreateUser = {
        username: v.username.trim(),
        displayName: v.displayName,
        password: v.password ?? '',
        role: v.role,
        teamId: v.teamId ?? null,
        creditorId: v.creditorId ?? null,
        locale: v.locale,
      };
      return api<User>('/api/admin/users', { method: 'POST', body });
    },
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['admin', 'users'] });
      await qc.invalidateQueries({ queryKey: ['admin', 'teams'] });
      onSaved(editing ? t('common.saved') : t('common.created'));
    },
    onError: (err) => setFormError(applyApiErrors(form, err, t('common.requestFailed'))),
  });

  const initialValues: Partial<Values> = user
    ? { username: user.username, displayName: user.displayName, role: user.role, teamId: user.teamId, creditorId: user.creditorId, locale: user.locale, status: user.status }
    : { role: 'collector', locale: 'zh-CN', status: 'active' };

  return (
    <Modal
      open={open}
      title={editing ? t('users.editTitle') : t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      data-testid="user-form"
    >
      {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="user-form-error" />}
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 18 }}
        initialValues={initialValues}
        onFinish={(v) => {
          setFormError(null);
          save.mutate(v);
        }}
        preserve={false}
      >
        <Form.Item name="username" label={t('users.username')} rules={[{ required: !editing, whitespace: true, message: t('users.usernameRequired') }]}>
          <Input autoComplete="off" disabled={editing} data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.displayName')} rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}>
          <Input autoComplete="off" data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('users.password')}
          extra={editing ? t('users.passwordKeep') : t('users.passwordHint')}
          rules={[{ required: !editing, min: 10, message: t('users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.role')} rules={[{ required: true, message: t('users.roleRequired') }]}>
          <Select<Role> options={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))} data-testid="user-role" />
        </Form.Item>
        <Form.Item name="teamId" label={t('users.team')}>
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            loading={teams.isPending}
            options={(teams.data ?? []).map((tm) => ({ value: tm.id, label: tm.name }))}
            data-testid="user-team"
          />
        </Form.Item>
        {(role === 'creditor_viewer' || user?.creditorId) && (
          <Form.Item name="creditorId" label={t('users.creditor')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              loading={creditors.isPending}
              options={(creditors.data ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.code})` }))}
              data-testid="user-creditor"
            />
          </Form.Item>
        )}
        {editing ? (
          <Form.Item name="status" label={t('users.status')}>
            <Select options={[{ value: 'active', label: t('users.active') }, { value: 'disabled', label: t('users.disabled') }]} data-testid="user-status" />
          </Form.Item>
        ) : (
          <Form.Item name="locale" label={t('users.locale')}>
            <Select options={[{ value: 'zh-CN', label: t('lang.zh') }, { value: 'en', label: t('lang.en') }]} data-testid="user-locale" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
};
