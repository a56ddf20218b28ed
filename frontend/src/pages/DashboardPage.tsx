import { Stack, Text, Title } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useMe } from "../api/queries";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ClustersSection } from "../features/dashboard/ClustersSection";
import { MeetingsSection } from "../features/dashboard/MeetingsSection";
import { useDashboardData } from "../features/dashboard/useDashboardData";
import { hasOfficeStanding, standingOf } from "../features/home/standing";
import { useI18n } from "../i18n/context";

// The role homes come in their own chunks, loaded beside the first data: the first screen
// (login and the dashboard's frame) stays light.
const CoordinatorHome = lazy(() => import("../features/home/CoordinatorHome"));
const MemberHome = lazy(() => import("../features/home/MemberHome"));
const RegionHome = lazy(() => import("../features/home/RegionHome"));
const PloHome = lazy(() => import("../features/home/PloHome"));
const AdminHome = lazy(() => import("../features/home/AdminHome"));
const TreasurerHome = lazy(() => import("../features/home/TreasurerHome"));

/**
 * The home, chosen by what the person is (GET /api/v1/me): a coordinator's follow-up, a
 * member's meetings to answer and news, a regional unit's region, PLO's attendance and the
 * admin's administration; someone with several standings sees each of them.
 */
export function DashboardPage() {
  const { t } = useI18n();
  const me = useMe();
  const { clusters, meetings } = useDashboardData();
  useDocumentTitle("dashboard.title");
  const name = me.data?.name;
  const standing = standingOf(me.data);
  // Someone outside every cluster who works at a unit, PLO or the platform has their own
  // home; only a person with none of these is told who can bring them into a cluster.
  const clusterLists = standing.member || (me.isSuccess && !hasOfficeStanding(standing)) || !me.isSuccess;
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Title order={1}>{t("dashboard.title")}</Title>
        <Text size="lg" maw="48rem">
          {name ? t("dashboard.greeting", { name }) : t("dashboard.greetingAnonymous")}{" "}
          {t("dashboard.intro")}
        </Text>
      </Stack>
      {standing.admin ? (
        <Suspense fallback={<LoadingState />}>
          <AdminHome />
        </Suspense>
      ) : null}
      {standing.plo ? (
        <Suspense fallback={<LoadingState />}>
          <PloHome />
        </Suspense>
      ) : null}
      {standing.region ? (
        <Suspense fallback={<LoadingState />}>
          <RegionHome region={standing.region} />
        </Suspense>
      ) : null}
      {standing.coordinates.length > 0 ? (
        <Suspense fallback={<LoadingState />}>
          <CoordinatorHome clusters={standing.coordinates} />
        </Suspense>
      ) : null}
      {standing.treasures.length > 0 ? (
        <Suspense fallback={<LoadingState />}>
          <TreasurerHome clusters={standing.treasures} />
        </Suspense>
      ) : null}
      {standing.member && me.data ? (
        <Suspense fallback={<LoadingState />}>
          <MemberHome clusters={me.data.clusters} />
        </Suspense>
      ) : null}
      {clusterLists ? (
        <div className="dashboard-grid">
          <ClustersSection state={clusters} />
          <MeetingsSection state={meetings} />
        </div>
      ) : null}
    </Stack>
  );
}
