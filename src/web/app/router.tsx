import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { createBrowserRouter } from 'react-router';
import { CreditorsPage } from '../modules/admin/CreditorsPage.js';
import { JobsPage } from '../modules/admin/JobsPage.js';
import { RunsPage } from '../modules/strategy/RunsPage.js';
import { StrategiesPage } from '../modules/strategy/StrategiesPage.js';
import { TeamsPage } from '../modules/admin/TeamsPage.js';
import { UsersPage } from '../modules/admin/UsersPage.js';
import { AuditPage } from '../modules/audit/AuditPage.js';
import { LoginPage } from '../modules/auth/LoginPage.js';
import { CaseDetailPage } from '../modules/cases/CaseDetailPage.js';
import { CasesPage } from '../modules/cases/CasesPage.js';
import { DecisionLogPage } from '../modules/compliance/DecisionLogPage.js';
import { RulePacksPage } from '../modules/compliance/RulePacksPage.js';
import { ScriptsPage } from '../modules/compliance/ScriptsPage.js';
import { SimulatorPage } from '../modules/compliance/SimulatorPage.js';
import { DashboardPage } from '../modules/dashboard/DashboardPage.js';
import { QueuePage } from '../modules/desk/QueuePage.js';
import { ImportPage } from '../modules/intake/ImportPage.js';
import { MessageTemplatesPage } from '../modules/messaging/MessageTemplatesPage.js';
import { VisitPlanPage } from '../modules/visits/VisitPlanPage.js';
import { FieldBoardPage } from '../modules/visits/FieldBoardPage.js';
import { FieldApp, FieldRoutePage, FieldStopPage, HomeOrField } from '../modules/field/FieldPage.js';
import { ApprovalsInboxPage } from '../modules/supervision/ApprovalsInboxPage.js';
import { TeamBoardPage } from '../modules/supervision/TeamBoardPage.js';
import { RequireAuth, RequirePermission } from './guards.js';
import { NotFoundResult } from './Results.js';

// The charts (ECharts, ~550 kB) load only with the dashboards page.
const AnalyticsPage = lazy(() => import('../modules/dashboard/AnalyticsPage.js').then((m) => ({ default: m.AnalyticsPage })));

export const createRouter = () =>
  createBrowserRouter([
    { path: '/login', element: <LoginPage /> },
    { path: '/field', element: <FieldApp />, children: [{ index: true, element: <FieldRoutePage /> }, { path: 'stops/:id', element: <FieldStopPage /> }] },
    {
      path: '/',
      element: <RequireAuth />,
      children: [
        { index: true, element: <HomeOrField><DashboardPage /></HomeOrField> },
        { path: 'queue', element: <RequirePermission perm="cases.read"><QueuePage /></RequirePermission> },
        { path: 'cases', element: <RequirePermission perm="cases.read"><CasesPage /></RequirePermission> },
        { path: 'cases/:id', element: <RequirePermission perm="cases.read"><CaseDetailPage /></RequirePermission> },
        { path: 'compliance/packs', element: <RequirePermission perm="compliance.read"><RulePacksPage /></RequirePermission> },
        { path: 'compliance/simulator', element: <RequirePermission perm="compliance.read"><SimulatorPage /></RequirePermission> },
        { path: 'compliance/decisions', element: <RequirePermission perm="compliance.read"><DecisionLogPage /></RequirePermission> },
        { path: 'compliance/templates', element: <RequirePermission perm="templates.manage"><MessageTemplatesPage /></RequirePermission> },
        { path: 'compliance/scripts', element: <RequirePermission perm="templates.manage"><ScriptsPage /></RequirePermission> },
        { path: 'approvals', element: <ApprovalsInboxPage /> },
        { path: 'analytics', element: <RequirePermission perm="cases.assign"><Suspense fallback={<Spin />}><AnalyticsPage /></Suspense></RequirePermission> },
        { path: 'team-board', element: <RequirePermission perm="cases.assign"><TeamBoardPage /></RequirePermission> },
        { path: 'visits', element: <RequirePermission perm="visits.plan"><VisitPlanPage /></RequirePermission> },
        { path: 'field-board', element: <RequirePermission perm="visits.plan"><FieldBoardPage /></RequirePermission> },
        { path: 'intake', element: <RequirePermission perm="intake.manage"><ImportPage /></RequirePermission> },
        { path: 'audit', element: <RequirePermission perm="audit.read"><AuditPage /></RequirePermission> },
        { path: 'admin/users', element: <RequirePermission perm="users.manage"><UsersPage /></RequirePermission> },
        { path: 'admin/teams', element: <RequirePermission perm="teams.manage"><TeamsPage /></RequirePermission> },
        { path: 'admin/creditors', element: <RequirePermission perm="creditors.manage"><CreditorsPage /></RequirePermission> },
        { path: 'admin/jobs', element: <RequirePermission perm="jobs.read"><JobsPage /></RequirePermission> },
        { path: 'admin/runs', element: <RequirePermission perm="cases.assign"><RunsPage /></RequirePermission> },
        { path: 'strategies', element: <RequirePermission perm="cases.assign"><StrategiesPage /></RequirePermission> },
        { path: '*', element: <NotFoundResult /> },
      ],
    },
  ]);
