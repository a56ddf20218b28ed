import { Link } from "react-router";
import { clusterPath } from "../../app/navigation";
import { rolesLabel } from "../../components/clusterRoles";
import { regionName } from "../../components/organisations";
import { useI18n } from "../../i18n/context";
import { ListSection } from "./ListSection";
import type { ClusterSummary, ListState } from "./model";

export function ClustersSection({ state }: { state: ListState<ClusterSummary> }) {
  const { t } = useI18n();
  return (
    <ListSection
      title={t("dashboard.clusters.title")}
      state={state}
      emptyTitle={t("dashboard.clusters.emptyTitle")}
      emptyBody={<p>{t("dashboard.clusters.emptyBody")}</p>}
      itemKey={(cluster) => cluster.id}
      renderItem={(cluster) => (
        <>
          <p className="card__title">
            <Link to={clusterPath(cluster.id)}>{cluster.name}</Link>
          </p>
          <p className="card__meta">
            {rolesLabel(cluster.roles, t)} · {regionName(cluster.regionCode, t)}
          </p>
        </>
      )}
    />
  );
}
