import {
  AppstoreOutlined,
  AuditOutlined,
  BankOutlined,
  BookOutlined,
  CarOutlined,
  EnvironmentOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  LineChartOutlined,
  CloudUploadOutlined,
  DashboardOutlined,
  ExperimentOutlined,
  FileSearchOutlined,
  HistoryOutlined,
  LogoutOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  SoundOutlined,
  TeamOutlined,
  UnorderedListOutlined,
  UserOutlined,
  ApartmentOutlined,
} from '@ant-design/icons';
import { Badge, Button, Layout, Menu, Space, Tag, Typography, theme } from 'antd';
import type { MenuProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import type { Me, Permission } from '../../contracts/identity.js';
import { useLogout } from './auth.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { inboxPerms, useInboxCounts } from '../modules/supervision/supervisionApi.js';

type NavItem = { key: string; testId: string; label: string; icon: ReactNode; perm?: Permission; anyOf?: readonly Permission[]; badge?: number };
type MenuItem = NonNullable<MenuProps['items']>[number];

const navLink = (item: NavItem): MenuItem => ({
  key: item.key,
  icon: item.icon,
  label: (
    <Link to={item.key} data-testid={item.testId}>
      {item.label}
      {item.badge ? <Badge count={item.badge} size="small" style={{ marginInlineStart: 8, boxShadow: 'none' }} data-testid={`${item.testId}-badge`} /> : null}
    </Link>
  ),
});

/** Which menu entry a path belongs to: the longest nav key that prefixes it. */
const selectedKey = (path: string, keys: string[]): string =>
  keys.filter((k) => (k === '/' ? path === '/' : path === k || path.startsWith(`${k}/`))).sort((a, b) => b.length - a.length)[0] ?? '/';

export const AppShell = ({ me }: { me: Me }) => {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const [collapsed, setCollapsed] = useState(false);
  const can = (p?: Permission) => !p || me.permissions.includes(p);
  const inbox = useInboxCounts((p) => me.permissions.includes(p));

  const main: NavItem[] = [
    { key: '/queue', testId: 'nav-queue', label: t('nav.queue'), icon: <UnorderedListOutlined />, perm: 'cases.read' },
    { key: '/', testId: 'nav-dashboard', label: t('nav.dashboard'), icon: <DashboardOutlined /> },
    { key: '/cases', testId: 'nav-cases', label: t('nav.cases'), icon: <FileSearchOutlined />, perm: 'cases.read' },
    { key: '/team-board', testId: 'nav-team-board', label: t('nav.teamBoard'), icon: <ClusterOutlined />, perm: 'cases.assign' },
    { key: '/strategies', testId: 'nav-strategies', label: t('nav.strategies'), icon: <ApartmentOutlined />, perm: 'cases.assign' },
    { key: '/analytics', testId: 'nav-analytics', label: t('nav.analytics'), icon: <LineChartOutlined />, perm: 'cases.assign' },
    { key: '/approvals', testId: 'nav-approvals', label: t('nav.approvals'), icon: <CheckSquareOutlined />, anyOf: inboxPerms, badge: inbox.total },
    { key: '/visits', testId: 'nav-visits', label: t('nav.visits'), icon: <CarOutlined />, perm: 'visits.plan' },
    { key: '/field-board', testId: 'nav-field-board', label: t('nav.fieldBoard'), icon: <EnvironmentOutlined />, perm: 'visits.plan' },
    { key: '/intake', testId: 'nav-intake', label: t('nav.intake'), icon: <CloudUploadOutlined />, perm: 'intake.manage' },
    { key: '/audit', testId: 'nav-audit', label: t('nav.audit'), icon: <AuditOutlined />, perm: 'audit.read' },
  ];
  const admin: NavItem[] = [
    { key: '/admin/users', testId: 'nav-users', label: t('nav.users'), icon: <UserOutlined />, perm: 'users.manage' },
    { key: '/admin/teams', testId: 'nav-teams', label: t('nav.teams'), icon: <TeamOutlined />, perm: 'teams.manage' },
    { key: '/admin/creditors', testId: 'nav-creditors', label: t('nav.creditors'), icon: <BankOutlined />, perm: 'creditors.manage' },
    { key: '/admin/jobs', testId: 'nav-jobs', label: t('nav.jobs'), icon: <ScheduleOutlined />, perm: 'jobs.read' },
    { key: '/admin/runs', testId: 'nav-runs', label: t('nav.runs'), icon: <HistoryOutlined />, perm: 'cases.assign' },
  ];
  const compliance: NavItem[] = [
    { key: '/compliance/packs', testId: 'nav-compliance-packs', label: t('nav.compliancePacks'), icon: <BookOutlined />, perm: 'compliance.read' },
    { key: '/compliance/simulator', testId: 'nav-compliance-simulator', label: t('nav.complianceSimulator'), icon: <ExperimentOutlined />, perm: 'compliance.read' },
    { key: '/compliance/decisions', testId: 'nav-compliance-decisions', label: t('nav.complianceDecisions'), icon: <HistoryOutlined />, perm: 'compliance.read' },
    { key: '/compliance/templates', testId: 'nav-compliance-templates', label: t('nav.messageTemplates'), icon: <MessageOutlined />, perm: 'templates.manage' },
    { key: '/compliance/scripts', testId: 'nav-compliance-scripts', label: t('nav.callScripts'), icon: <SoundOutlined />, perm: 'templates.manage' },
  ];
  const visibleMain = main.filter((i) => can(i.perm) && (!i.anyOf || i.anyOf.some((p) => can(p))));
  const visibleCompliance = compliance.filter((i) => can(i.perm));
  const visibleAdmin = admin.filter((i) => can(i.perm));
  const items: MenuItem[] = visibleMain.map(navLink);
  if (visibleCompliance.length > 0) {
    items.push({
      key: 'compliance',
      icon: <SafetyCertificateOutlined />,
      label: <span data-testid="nav-compliance">{t('nav.compliance')}</span>,
      children: visibleCompliance.map(navLink),
    });
  }
  if (visibleAdmin.length > 0) {
    items.push({
      key: 'admin',
      icon: <SettingOutlined />,
      label: <span data-testid="nav-admin">{t('nav.admin')}</span>,
      children: visibleAdmin.map(navLink),
    });
  }
  const active = selectedKey(location.pathname, [...visibleMain, ...visibleCompliance, ...visibleAdmin].map((i) => i.key));

  const onLogout = () => logout.mutate(undefined, { onSettled: () => navigate('/login', { replace: true }) });

  return (
    <Layout style={{ minHeight: '100%' }}>
      <Layout.Sider width={200} collapsible collapsed={collapsed} onCollapse={setCollapsed} breakpoint="lg" data-testid="sider">
        <div style={{ height: 48, display: 'flex', alignItems: 'center', gap: 8, padding: '0 20px', color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden' }}>
          <AppstoreOutlined style={{ fontSize: 18 }} />
          {!collapsed && <span style={{ fontWeight: 600, fontSize: 16 }}>{t('app.shortName')}</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[active]}
          defaultOpenKeys={['compliance', 'admin']}
          items={items}
          data-testid="nav"
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
            height: 48,
            lineHeight: '48px',
            padding: '0 16px',
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
          }}
        >
          <Typography.Text strong style={{ whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Typography.Text>
          <Space size="middle">
            <span data-testid="me-name" style={{ whiteSpace: 'nowrap' }}>
              {me.displayName}
            </span>
            <Tag color="blue" data-testid="me-role" style={{ marginInlineEnd: 0 }}>
              {t(`roles.${me.role}`)}
            </Tag>
            <LanguageSwitch />
            <Button size="small" icon={<LogoutOutlined />} onClick={onLogout} loading={logout.isPending} data-testid="logout">
              {t('auth.logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
};
