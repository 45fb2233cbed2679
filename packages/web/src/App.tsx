import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Outlet, Route, Routes, useLocation } from 'react-router-dom';
import { Layout, PublicLayout } from './components/Layout.tsx';
import { Loading } from './components/LoadState.tsx';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage.tsx';
import { LoginPage } from './pages/account/LoginPage.tsx';
import { TwoFactorPage } from './pages/account/TwoFactorPage.tsx';
import { AdminPage } from './pages/admin/AdminPage.tsx';
import { UserFormPage } from './pages/admin/UserFormPage.tsx';
import { ApartmentDetailPage } from './pages/apartments/ApartmentDetailPage.tsx';
import { ApartmentFormPage } from './pages/apartments/ApartmentFormPage.tsx';
import { ApartmentListPage } from './pages/apartments/ApartmentListPage.tsx';
import { AuditLogPage } from './pages/audit/AuditLogPage.tsx';
import { CommissionerDetailPage } from './pages/commissioners/CommissionerDetailPage.tsx';
import { CommissionerFormPage } from './pages/commissioners/CommissionerFormPage.tsx';
import { CommissionerListPage } from './pages/commissioners/CommissionerListPage.tsx';
import { LandlordDetailPage } from './pages/landlords/LandlordDetailPage.tsx';
import { LandlordFormPage } from './pages/landlords/LandlordFormPage.tsx';
import { LandlordListPage } from './pages/landlords/LandlordListPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { PortalLayout } from './pages/portal/PortalLayout.tsx';
import { PortalNewReportPage } from './pages/portal/PortalNewReportPage.tsx';
import { PortalReceiptPage } from './pages/portal/PortalReceiptPage.tsx';
import { PortalReportsPage } from './pages/portal/PortalReportsPage.tsx';
import { EndPlacementPage } from './pages/placements/EndPlacementPage.tsx';
import { PlacementDetailPage } from './pages/placements/PlacementDetailPage.tsx';
import { PlacementFormPage } from './pages/placements/PlacementFormPage.tsx';
import { PlacementListPage } from './pages/placements/PlacementListPage.tsx';
import { ResidentDetailPage } from './pages/residents/ResidentDetailPage.tsx';
import { ResidentFormPage } from './pages/residents/ResidentFormPage.tsx';
import { ResidentListPage } from './pages/residents/ResidentListPage.tsx';
import { SessionProvider, useSession } from './session/SessionContext.tsx';

// The rent ledger and payment pages load when first opened: most visits never need them.
const ResidentLedgerPage = lazy(() => import('./pages/ledger/ResidentLedgerPage.tsx').then((m) => ({ default: m.ResidentLedgerPage })));
const LogReviewPage = lazy(() => import('./pages/audit/LogReviewPage.tsx').then((m) => ({ default: m.LogReviewPage })));
const ImportPage = lazy(() => import('./pages/payments/ImportPage.tsx').then((m) => ({ default: m.ImportPage })));
const UnmatchedPage = lazy(() => import('./pages/payments/UnmatchedPage.tsx').then((m) => ({ default: m.UnmatchedPage })));
const ImportListPage = lazy(() => import('./pages/payments/ImportListPage.tsx').then((m) => ({ default: m.ImportListPage })));
const TaskInboxPage = lazy(() => import('./pages/tasks/TaskInboxPage.tsx').then((m) => ({ default: m.TaskInboxPage })));
const TaskPage = lazy(() => import('./pages/tasks/TaskPage.tsx').then((m) => ({ default: m.TaskPage })));
const FollowupPage = lazy(() => import('./pages/followup/FollowupPage.tsx').then((m) => ({ default: m.FollowupPage })));
const StatisticsPage = lazy(() => import('./pages/statistics/StatisticsPage.tsx').then((m) => ({ default: m.StatisticsPage })));
const RentGridPage = lazy(() => import('./pages/statistics/RentGridPage.tsx').then((m) => ({ default: m.RentGridPage })));
const RetentionPage = lazy(() => import('./pages/statistics/RetentionPage.tsx').then((m) => ({ default: m.RetentionPage })));
const ResearchExportPage = lazy(() => import('./pages/statistics/ResearchExportPage.tsx').then((m) => ({ default: m.ResearchExportPage })));
const ImportDetailPage = lazy(() => import('./pages/payments/ImportDetailPage.tsx').then((m) => ({ default: m.ImportDetailPage })));
// Eviction prevention (staff): the team's list, reports, cases and figures.
const EvictionListPage = lazy(() => import('./pages/eviction/EvictionListPage.tsx').then((m) => ({ default: m.EvictionListPage })));
const EvictionReportPage = lazy(() => import('./pages/eviction/ReportPage.tsx').then((m) => ({ default: m.ReportPage })));
const EvictionReportFormPage = lazy(() => import('./pages/eviction/ReportFormPage.tsx').then((m) => ({ default: m.ReportFormPage })));
const EvictionCasePage = lazy(() => import('./pages/eviction/CasePage.tsx').then((m) => ({ default: m.CasePage })));
const EvictionFiguresPage = lazy(() => import('./pages/eviction/FiguresPage.tsx').then((m) => ({ default: m.FiguresPage })));
// Housing First (staff): who can take over the lease, weeks without the agreed visit, figures.
const HousingFirstPage = lazy(() => import('./pages/housingFirst/HousingFirstPage.tsx').then((m) => ({ default: m.HousingFirstPage })));
const SurveysPage = lazy(() => import('./pages/surveys/SurveysPage.tsx').then((m) => ({ default: m.SurveysPage })));
const CompetencePage = lazy(() => import('./pages/competence/CompetencePage.tsx').then((m) => ({ default: m.CompetencePage })));
const CompetenceRoundPage = lazy(() => import('./pages/competence/RoundPage.tsx').then((m) => ({ default: m.RoundPage })));
const CompetenceCoveragePage = lazy(() => import('./pages/competence/CoveragePage.tsx').then((m) => ({ default: m.CoveragePage })));
const ActivitiesPage = lazy(() => import('./pages/occupation/ActivitiesPage.tsx').then((m) => ({ default: m.ActivitiesPage })));
const ActivityPage = lazy(() => import('./pages/occupation/ActivityPage.tsx').then((m) => ({ default: m.ActivityPage })));
const OccupationSummaryPage = lazy(() => import('./pages/occupation/SummaryPage.tsx').then((m) => ({ default: m.SummaryPage })));
const CullingPage = lazy(() => import('./pages/admin/CullingPage.tsx').then((m) => ({ default: m.CullingPage })));
const SignInLogPage = lazy(() => import('./pages/admin/SignInLogPage.tsx').then((m) => ({ default: m.SignInLogPage })));
const SurveyAnswerPage = lazy(() => import('./pages/surveys/SurveyAnswerPage.tsx').then((m) => ({ default: m.SurveyAnswerPage })));

function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

/** Pages behind the login: anonymous visitors go to /login and come back here afterwards. */
function RequireSession() {
  const { status, signedOutReason, me } = useSession();
  const location = useLocation();
  if (status === 'loading') return <BootScreen />;
  if (status === 'anonymous') {
    // After "Logga ut" the next person starts afresh; after an expired session, come back here.
    const state = signedOutReason === 'loggedOut' ? null : { from: location };
    return <Navigate to="/login" replace state={state} />;
  }
  // Landlord accounts (external users) see the landlord portal and their password page, nothing of the staff's.
  if (me?.kind === 'landlord') {
    const allowed = /^\/portal(\/|$)/.test(location.pathname) || location.pathname === '/account/password';
    return allowed ? <PortalLayout /> : <Navigate to="/portal" replace />;
  }
  return <Layout />;
}

/** The portal's pages are for landlord accounts only; staff get "Sidan finns inte". */
function RequireLandlord() {
  const { me } = useSession();
  return me?.kind === 'landlord' ? <Outlet /> : <NotFoundPage />;
}

function RequireAdmin() {
  const { me } = useSession();
  return me?.isAdmin ? <Outlet /> : <NotFoundPage />;
}

/**
 * The start page: caseworkers and managers begin the day with their tasks ("Uppgifter"); everyone else with
 * the residents.
 */
function StartPage() {
  const { me } = useSession();
  // Landlord accounts: the landlord portal.
  if (me?.kind === 'landlord') return <Navigate to="/portal" replace />;
  const followsUp = me?.units.some((u) => u.role === 'manager' || u.role === 'caseworker') ?? false;
  // Analysts see the statistics and nothing else.
  const onlyStatistics = (me?.units.length ?? 0) > 0 && me!.units.every((u) => u.role === 'analyst') && !me!.isAdmin;
  return <Navigate to={onlyStatistics ? '/statistics' : followsUp ? '/tasks' : '/residents'} replace />;
}

function BootScreen() {
  const { t } = useTranslation();
  return (
    <main id="main" className="main main-narrow" aria-label={t('app.name')}>
      <Loading />
    </main>
  );
}

function PublicRoutes() {
  const { status } = useSession();
  return status === 'loading' ? <BootScreen /> : <PublicLayout />;
}

export function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route element={<PublicRoutes />}>
            <Route path="/login" element={<LoginPage />} />
          </Route>
          {/* A resident's one-time survey link: no session, outside the staff layout. */}
          <Route
            path="/s/:token"
            element={
              <Lazy>
                <SurveyAnswerPage />
              </Lazy>
            }
          />
          <Route element={<RequireSession />}>
            <Route index element={<StartPage />} />
            <Route
              path="tasks"
              element={
                <Lazy>
                  <TaskInboxPage />
                </Lazy>
              }
            />
            <Route
              path="tasks/:id"
              element={
                <Lazy>
                  <TaskPage />
                </Lazy>
              }
            />
            <Route
              path="followup"
              element={
                <Lazy>
                  <FollowupPage />
                </Lazy>
              }
            />
            <Route path="account/password" element={<ChangePasswordPage />} />
            <Route path="account/two-factor" element={<TwoFactorPage />} />

            <Route path="residents" element={<ResidentListPage />} />
            <Route path="residents/new" element={<ResidentFormPage />} />
            <Route path="residents/:id" element={<ResidentDetailPage />} />
            <Route path="residents/:id/edit" element={<ResidentFormPage />} />
            <Route
              path="residents/:id/ledger"
              element={
                <Lazy>
                  <ResidentLedgerPage />
                </Lazy>
              }
            />

            <Route path="placements" element={<PlacementListPage />} />
            <Route path="placements/new" element={<PlacementFormPage />} />
            <Route path="placements/:id" element={<PlacementDetailPage />} />
            <Route path="placements/:id/edit" element={<PlacementFormPage />} />
            <Route path="placements/:id/end" element={<EndPlacementPage />} />

            <Route path="apartments" element={<ApartmentListPage />} />
            <Route path="apartments/new" element={<ApartmentFormPage />} />
            <Route path="apartments/:id" element={<ApartmentDetailPage />} />
            <Route path="apartments/:id/edit" element={<ApartmentFormPage />} />

            <Route path="payments" element={<Navigate to="/payments/import" replace />} />
            <Route
              path="payments/import"
              element={
                <Lazy>
                  <ImportPage />
                </Lazy>
              }
            />
            <Route
              path="payments/unmatched"
              element={
                <Lazy>
                  <UnmatchedPage />
                </Lazy>
              }
            />
            <Route
              path="payments/imports"
              element={
                <Lazy>
                  <ImportListPage />
                </Lazy>
              }
            />
            <Route
              path="payments/imports/:id"
              element={
                <Lazy>
                  <ImportDetailPage />
                </Lazy>
              }
            />

            <Route path="landlords" element={<LandlordListPage />} />
            <Route path="landlords/new" element={<LandlordFormPage />} />
            <Route path="landlords/:id" element={<LandlordDetailPage />} />
            <Route path="landlords/:id/edit" element={<LandlordFormPage />} />

            <Route path="commissioners" element={<CommissionerListPage />} />
            <Route path="commissioners/new" element={<CommissionerFormPage />} />
            <Route path="commissioners/:id" element={<CommissionerDetailPage />} />
            <Route path="commissioners/:id/edit" element={<CommissionerFormPage />} />

            <Route
              path="statistics"
              element={
                <Lazy>
                  <StatisticsPage />
                </Lazy>
              }
            />
            <Route
              path="statistics/retention"
              element={
                <Lazy>
                  <RetentionPage />
                </Lazy>
              }
            />
            <Route
              path="statistics/grid"
              element={
                <Lazy>
                  <RentGridPage />
                </Lazy>
              }
            />
            <Route
              path="statistics/research-export"
              element={
                <Lazy>
                  <ResearchExportPage />
                </Lazy>
              }
            />

            <Route path="audit" element={<AuditLogPage />} />
            <Route
              path="audit/review"
              element={
                <Lazy>
                  <LogReviewPage />
                </Lazy>
              }
            />

            <Route
              path="eviction"
              element={
                <Lazy>
                  <EvictionListPage />
                </Lazy>
              }
            />
            <Route
              path="eviction/reports/new"
              element={
                <Lazy>
                  <EvictionReportFormPage />
                </Lazy>
              }
            />
            <Route
              path="eviction/reports/:reportId"
              element={
                <Lazy>
                  <EvictionReportPage />
                </Lazy>
              }
            />
            <Route
              path="eviction/cases/:caseId"
              element={
                <Lazy>
                  <EvictionCasePage />
                </Lazy>
              }
            />
            <Route
              path="eviction/figures"
              element={
                <Lazy>
                  <EvictionFiguresPage />
                </Lazy>
              }
            />

            <Route
              path="surveys"
              element={
                <Lazy>
                  <SurveysPage />
                </Lazy>
              }
            />
            <Route
              path="competence"
              element={
                <Lazy>
                  <CompetencePage />
                </Lazy>
              }
            />
            <Route
              path="competence/rounds/:roundId"
              element={
                <Lazy>
                  <CompetenceRoundPage />
                </Lazy>
              }
            />
            <Route
              path="competence/coverage"
              element={
                <Lazy>
                  <CompetenceCoveragePage />
                </Lazy>
              }
            />
            <Route
              path="activities"
              element={
                <Lazy>
                  <ActivitiesPage />
                </Lazy>
              }
            />
            <Route
              path="activities/summary"
              element={
                <Lazy>
                  <OccupationSummaryPage />
                </Lazy>
              }
            />
            <Route
              path="activities/:activityId"
              element={
                <Lazy>
                  <ActivityPage />
                </Lazy>
              }
            />
            <Route
              path="housing-first"
              element={
                <Lazy>
                  <HousingFirstPage />
                </Lazy>
              }
            />

            <Route path="portal" element={<RequireLandlord />}>
              <Route index element={<PortalReportsPage />} />
              <Route path="new" element={<PortalNewReportPage />} />
              <Route path="sent" element={<PortalReceiptPage />} />
            </Route>

            <Route path="admin" element={<RequireAdmin />}>
              <Route index element={<AdminPage />} />
              <Route path="users/new" element={<UserFormPage />} />
              <Route path="users/:id" element={<UserFormPage />} />
              <Route
                path="culling"
                element={
                  <Lazy>
                    <CullingPage />
                  </Lazy>
                }
              />
              <Route
                path="sign-ins"
                element={
                  <Lazy>
                    <SignInLogPage />
                  </Lazy>
                }
              />
            </Route>

            <Route path="*" element={<NotFoundPage />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}
