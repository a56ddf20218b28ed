import { useMe } from "../api/queries";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ClustersSection } from "../features/dashboard/ClustersSection";
import { MeetingsSection } from "../features/dashboard/MeetingsSection";
import { useDashboardData } from "../features/dashboard/useDashboardData";
import { useI18n } from "../i18n/context";

export function DashboardPage() {
  const { t } = useI18n();
  const me = useMe();
  const { clusters, meetings } = useDashboardData();
  useDocumentTitle("dashboard.title");
  const name = me.data?.name;
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <p className="lead">
        {name ? t("dashboard.greeting", { name }) : t("dashboard.greetingAnonymous")}{" "}
        {t("dashboard.intro")}
      </p>
      <div className="dashboard-grid">
        <ClustersSection state={clusters} />
        <MeetingsSection state={meetings} />
      </div>
    </>
  );
}
