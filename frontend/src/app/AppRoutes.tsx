import { lazy } from "react";
import { Route, Routes } from "react-router";
import { useSession } from "../api/context";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { DashboardPage } from "../pages/DashboardPage";
import { LoginPage } from "../pages/LoginPage";
import { NotFoundPage } from "../pages/NotFoundPage";
import { AppLayout } from "./AppLayout";
import { PublicLayout } from "./PublicLayout";
import { RequireAuth } from "./RequireAuth";
import { SessionLoading } from "./SessionLoading";

// Pages that are not the first one most people see come in their own chunks.
const ProfilePage = lazy(() => import("../pages/ProfilePage"));
const AdminUsersPage = lazy(() => import("../pages/AdminUsersPage"));
const ClustersPage = lazy(() => import("../pages/ClustersPage"));
const ClusterPage = lazy(() => import("../pages/ClusterPage"));
const ClinicsTab = lazy(() => import("../pages/ClusterPage").then((module) => ({ default: module.ClinicsTab })));
const RolesTab = lazy(() => import("../pages/ClusterPage").then((module) => ({ default: module.RolesTab })));
const SubClustersTab = lazy(() => import("../pages/ClusterPage").then((module) => ({ default: module.SubClustersTab })));
const RegionPage = lazy(() => import("../pages/RegionPage"));
const LandscapePage = lazy(() => import("../pages/LandscapePage"));
const MeetingPage = lazy(() => import("../pages/MeetingPage"));
const ClusterMeetingsPage = lazy(() => import("../pages/ClusterMeetingsPage"));
const EditMeetingPage = lazy(() => import("../pages/MeetingFormPage"));
const NewMeetingPage = lazy(() => import("../pages/MeetingFormPage").then((module) => ({ default: module.NewMeetingPage })));
const MeetingRotationPage = lazy(() => import("../pages/MeetingRotationPage"));
const AttendancePage = lazy(() => import("../pages/AttendancePage"));
const FilesPage = lazy(() => import("../pages/FilesPage"));
const ClusterBoardPage = lazy(() => import("../pages/ClusterBoardPage"));
const ForgotPasswordPage = lazy(() => import("../pages/ForgotPasswordPage"));
const SetPasswordPage = lazy(() => import("../pages/SetPasswordPage"));
const SurveyAnswerPage = lazy(() => import("../pages/SurveyAnswerPage"));
const AttendanceOverviewPage = lazy(() => import("../pages/AttendanceOverviewPage"));
const AdminClientsPage = lazy(() => import("../pages/AdminClientsPage"));
const ClusterEconomyPage = lazy(() => import("../pages/ClusterEconomyPage"));
const ClusterDataPage = lazy(() => import("../pages/ClusterDataPage"));
const EconomyPage = lazy(() => import("../pages/EconomyPage"));
const ExpensePage = lazy(() => import("../pages/ExpensePage"));
const EditExpensePage = lazy(() => import("../pages/ExpenseFormPage"));
const ClusterProposalsPage = lazy(() => import("../pages/ClusterProposalsPage"));
const ProposalReviewPage = lazy(() => import("../pages/ProposalReviewPage"));
const TemplatesPage = lazy(() => import("../pages/TemplatesPage"));
const NewExpensePage = lazy(() => import("../pages/ExpenseFormPage").then((module) => ({ default: module.NewExpensePage })));
const UnitPackagesPage = lazy(() => import("../pages/UnitPackagesPage"));
const UnitPackagePage = lazy(() => import("../pages/UnitPackagePage"));
const UnitOrdersPage = lazy(() => import("../pages/UnitOrdersPage"));
const PackagesPage = lazy(() => import("../pages/PackagesPage"));
const PackagePage = lazy(() => import("../pages/PackagePage"));
const PackagePlanPage = lazy(() => import("../pages/PackagePlanPage"));
const ClusterPackagesPage = lazy(() => import("../pages/ClusterPackagesPage"));
const ClusterSurveysPage = lazy(() => import("../pages/ClusterSurveysPage"));
const SurveyPage = lazy(() => import("../pages/SurveyPage"));
const UnitSurveysPage = lazy(() => import("../pages/UnitSurveysPage"));

/** A 404 inside the signed-in frame when there is a session, else in the public one. */
function NotFoundRoute() {
  const session = useSession();
  if (session.status === "initialising") return <SessionLoading />;
  if (session.status === "authenticated") {
    return (
      <AppLayout>
        <NotFoundPage />
      </AppLayout>
    );
  }
  return (
    <PublicLayout>
      <NotFoundPage />
    </PublicLayout>
  );
}

export function AppRoutes() {
  return (
    <ErrorBoundary>
      <Routes>
        <Route element={<PublicLayout />}>
          <Route path="login" element={<LoginPage />} />
          <Route path="glemt-adgangskode" element={<ForgotPasswordPage />} />
          <Route path="adgangskode/:token" element={<SetPasswordPage />} />
          <Route path="svar/:token" element={<SurveyAnswerPage />} />
        </Route>
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<DashboardPage />} />
          <Route path="klynger" element={<ClustersPage />} />
          {/* A cluster's page: its header above tabs, each tab a path of its own. */}
          <Route path="klynger/:clusterId" element={<ClusterPage />}>
            <Route index element={<ClinicsTab />} />
            <Route path="klinikker" element={<ClinicsTab />} />
            <Route path="roller" element={<RolesTab />} />
            <Route path="underklynger" element={<SubClustersTab />} />
            <Route path="moeder" element={<ClusterMeetingsPage />} />
            <Route path="filer" element={<FilesPage />} />
            <Route path="opslag" element={<ClusterBoardPage />} />
            <Route path="oekonomi" element={<ClusterEconomyPage />} />
            <Route path="data" element={<ClusterDataPage />} />
            <Route path="pakker" element={<ClusterPackagesPage />} />
            <Route path="undersoegelser" element={<ClusterSurveysPage />} />
          </Route>
          <Route path="klynger/:clusterId/moeder/nyt" element={<NewMeetingPage />} />
          <Route path="klynger/:clusterId/moeder/planlaeg-aaret" element={<MeetingRotationPage />} />
          <Route path="moeder/:meetingId" element={<MeetingPage />} />
          <Route path="moeder/:meetingId/rediger" element={<EditMeetingPage />} />
          <Route path="moeder/:meetingId/fremmoede" element={<AttendancePage />} />
          <Route path="regioner/:regionCode" element={<RegionPage />} />
          <Route path="landskab" element={<LandscapePage />} />
          <Route path="profil" element={<ProfilePage />} />
          <Route path="administration" element={<AdminUsersPage />} />
          <Route path="administration/klienter" element={<AdminClientsPage />} />
          <Route path="fremmoede" element={<AttendanceOverviewPage />} />
          <Route path="oekonomi" element={<EconomyPage />} />
          <Route path="klynger/:clusterId/udlaeg/nyt" element={<NewExpensePage />} />
          <Route path="udlaeg/:expenseId" element={<ExpensePage />} />
          <Route path="udlaeg/:expenseId/rediger" element={<EditExpensePage />} />
          <Route path="enhed/pakker" element={<UnitPackagesPage />} />
          <Route path="enhed/pakker/:packageId" element={<UnitPackagePage />} />
          <Route path="enhed/bestillinger" element={<UnitOrdersPage />} />
          <Route path="pakker" element={<PackagesPage />} />
          <Route path="pakker/:packageId" element={<PackagePage />} />
          <Route path="pakker/:packageId/planlaeg" element={<PackagePlanPage />} />
          <Route path="klynger/:clusterId/pakkeforslag" element={<ClusterProposalsPage />} />
          <Route path="pakkeforslag" element={<ProposalReviewPage />} />
          <Route path="skabeloner" element={<TemplatesPage />} />
          <Route path="undersoegelser/:surveyId" element={<SurveyPage />} />
          <Route path="enhed/undersoegelser" element={<UnitSurveysPage />} />
        </Route>
        <Route path="*" element={<NotFoundRoute />} />
      </Routes>
    </ErrorBoundary>
  );
}
