import { Anchor, Text } from "@mantine/core";
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
      emptyBody={<Text>{t("dashboard.clusters.emptyBody")}</Text>}
      itemKey={(cluster) => cluster.id}
      renderItem={(cluster) => (
        <>
          <Text fw={600}>
            <Anchor component={Link} to={clusterPath(cluster.id)} inherit>
              {cluster.name}
            </Anchor>
          </Text>
          <Text size="sm" c="dimmed">
            {rolesLabel(cluster.roles, t)} · {regionName(cluster.regionCode, t)}
          </Text>
        </>
      )}
    />
  );
}
