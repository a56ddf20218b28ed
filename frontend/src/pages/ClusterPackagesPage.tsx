import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useClusterOrders } from "../api/packages";
import { useMe } from "../api/queries";
import { paths } from "../app/navigation";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { StatusMessage } from "../features/meetings/notices";
import { clustersWithRole, ORDERING_ROLES } from "../features/packages/labels";
import { OrderList } from "../features/packages/Orders";
import { useI18n } from "../i18n/context";

/**
 * /klynger/:clusterId/pakker: the cluster's orders of packages with the units' answers; its
 * coordinators and board cancel one still requested. Packages are ordered from the catalogue.
 */
export default function ClusterPackagesPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const me = useMe();
  const orders = useClusterOrders(clusterId);
  const [message, setMessage] = useState("");
  const cancelsFor = new Set(clustersWithRole(me.data?.clusters ?? [], ORDERING_ROLES).map((cluster) => cluster.id));
  return (
    <Section
      title={t("packages.order.clusterTitle")}
      actions={
        <Anchor component={Link} to={paths.packages}>
          {t("packages.order.toCatalogue")}
        </Anchor>
      }
    >
      <StatusMessage message={message} />
      {orders.isPending ? (
        <LoadingState />
      ) : orders.isError ? (
        <ErrorState error={orders.error} onRetry={() => void orders.refetch()} />
      ) : orders.data.length === 0 ? (
        <EmptyState title={t("packages.order.noneOfCluster")}>
          <Text size="sm">{t("packages.order.noneHint")}</Text>
        </EmptyState>
      ) : (
        <Stack gap="sm">
          <Group>
            <Text size="sm" c="dimmed">{t("packages.order.clusterIntro")}</Text>
          </Group>
          <OrderList orders={orders.data} show="package" cancelsFor={cancelsFor} onCancelled={setMessage} />
        </Stack>
      )}
    </Section>
  );
}
