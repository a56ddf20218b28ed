import "../theme/pageStyles";
import { Anchor, Badge, Button, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconCalendarPlus, IconShoppingCart } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { downloadPackageMaterial, useOrdersOfClusters, usePackage, usePackageVersions } from "../api/packages";
import { useMe } from "../api/queries";
import type { MyCluster, PackageDetail, PackageVersionDetail } from "../api/types";
import { clusterDataSetPath, packagePlanPath, paths } from "../app/navigation";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Notice, StatusMessage } from "../features/meetings/notices";
import { ScrollTable, STICKY_FIRST } from "../features/meetings/tables";
import { clustersWithRole, ORDERING_ROLES, PLANNING_ROLES } from "../features/packages/labels";
import { Minutes } from "../features/packages/Minutes";
import { OrderDialog } from "../features/packages/OrderDialog";
import { OrderList } from "../features/packages/Orders";
import { useI18n } from "../i18n/context";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text component="dt" size="sm" c="dimmed">{label}</Text>
      <Text component="dd" m={0} style={{ overflowWrap: "anywhere" }}>{children}</Text>
    </div>
  );
}

/** The published version's agenda template, item by item, with the total. */
function AgendaTemplate({ version }: { version: PackageVersionDetail }) {
  const { t, formatNumber } = useI18n();
  return (
    <Section title={t("packages.agenda.title", { number: formatNumber(version.number) })}>
      <Text fw={600}>
        {t("packages.agenda.total", { count: formatNumber(version.items.length), minutes: formatNumber(version.total_minutes) })}
      </Text>
      <ScrollTable label={t("packages.agenda.caption")} minWidth={560}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" style={STICKY_FIRST}>{t("packages.agenda.item")}</Table.Th>
            <Table.Th scope="col" ta="right">{t("packages.agenda.minutes")}</Table.Th>
            <Table.Th scope="col">{t("packages.agenda.slides")}</Table.Th>
            <Table.Th scope="col">{t("packages.agenda.method")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {version.items.map((item, index) => (
            <Table.Tr key={item.id}>
              <Table.Th scope="row" style={{ ...STICKY_FIRST, overflowWrap: "anywhere" }}>
                {`${formatNumber(index + 1)}. ${item.title}`}
              </Table.Th>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}><Minutes minutes={item.minutes} /></Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>{item.slides ?? "–"}</Table.Td>
              <Table.Td style={{ whiteSpace: "pre-wrap" }}>{item.method_notes || "–"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row" style={STICKY_FIRST}>{t("packages.agenda.sum")}</Table.Th>
            <Table.Td ta="right" fw={700} style={{ whiteSpace: "nowrap" }}><Minutes minutes={version.total_minutes} /></Table.Td>
            <Table.Td />
            <Table.Td />
          </Table.Tr>
        </Table.Tfoot>
      </ScrollTable>
    </Section>
  );
}

function Materials({ pkg, version }: { pkg: PackageDetail; version: PackageVersionDetail }) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <Section title={t("packages.materials.title")}>
      {version.materials.length === 0 ? (
        <Text c="dimmed">{t("packages.materials.none")}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {version.materials.map((material) => (
            <Group component="li" key={material.id} gap="sm" wrap="wrap">
              <DownloadButton
                appearance="small"
                label={material.name}
                busyLabel={t("packages.materials.busy")}
                download={() => downloadPackageMaterial(api, pkg.id, version.id, material.id, material.name)}
              />
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/** The indicator set the package rests on, with a way to each of the person's clusters' data views. */
function DataSection({ version, clusters }: { version: PackageVersionDetail; clusters: readonly MyCluster[] }) {
  const { t } = useI18n();
  if (!version.indicator_set_id) return null;
  const setId = version.indicator_set_id;
  return (
    <Section title={t("packages.data.title")}>
      <Text>{t("packages.data.restsOn", { set: version.indicator_set_name ?? "" })}</Text>
      {clusters.length > 0 ? (
        <Stack component="ul" gap={4} p={0} m={0} mt="xs" style={{ listStyle: "none" }}>
          {clusters.map((cluster) => (
            <li key={cluster.id}>
              <Anchor component={Link} to={clusterDataSetPath(cluster.id, setId)} underline="always">
                {t("packages.data.see", { cluster: cluster.name })}
              </Anchor>
            </li>
          ))}
        </Stack>
      ) : null}
    </Section>
  );
}

function VersionHistory({ packageId }: { packageId: string }) {
  const { t, formatNumber, formatDate } = useI18n();
  const versions = usePackageVersions(packageId);
  return (
    <Section title={t("packages.versions.title")}>
      {versions.isPending ? (
        <LoadingState />
      ) : versions.isError ? (
        <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />
      ) : (
        <Stack component="ol" gap="xs" pl="lg" m={0}>
          {[...versions.data].reverse().map((version) => (
            <li key={version.id}>
              <Text fw={600}>
                {t("packages.versions.number", { number: formatNumber(version.number) })}
                {" · "}
                {version.published_at
                  ? t("packages.versions.published", { date: formatDate(version.published_at) })
                  : t("packages.versions.draft")}
                {" · "}
                <Minutes minutes={version.total_minutes} />
              </Text>
              {version.change_note ? <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{version.change_note}</Text> : null}
            </li>
          ))}
        </Stack>
      )}
    </Section>
  );
}

/** The orders of this package by the person's own clusters, and the ordering of it. */
function OrdersSection({ pkg, clusters, ordering }: { pkg: PackageDetail; clusters: readonly MyCluster[]; ordering: readonly MyCluster[] }) {
  const { t } = useI18n();
  const [dialog, setDialog] = useState(false);
  const [message, setMessage] = useState("");
  const results = useOrdersOfClusters(clusters.map((cluster) => cluster.id));
  const pending = results.some((result) => result.isPending);
  const failed = results.find((result) => result.isError);
  const orders = results
    .flatMap((result) => result.data ?? [])
    .filter((order) => order.package_id === pkg.id)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  const orderable = pkg.state === "published" && ordering.length > 0;
  return (
    <Section
      title={t("packages.order.sectionTitle")}
      actions={
        orderable ? (
          <Button leftSection={<IconShoppingCart size={18} aria-hidden />} onClick={() => { setMessage(""); setDialog(true); }}>
            {t("packages.order.open")}
          </Button>
        ) : null
      }
    >
      <StatusMessage message={message} />
      {pending ? (
        <LoadingState />
      ) : failed ? (
        <ErrorState error={failed.error} onRetry={() => void failed.refetch()} />
      ) : orders.length === 0 ? (
        <Text c="dimmed">{t("packages.order.noneOfPackage")}</Text>
      ) : (
        <OrderList orders={orders} show="cluster" cancelsFor={new Set(ordering.map((cluster) => cluster.id))} onCancelled={setMessage} />
      )}
      {dialog ? (
        <OrderDialog
          pkg={pkg}
          clusters={ordering}
          onClose={() => { setDialog(false); }}
          onDone={(text) => { setDialog(false); setMessage(text); }}
        />
      ) : null}
    </Section>
  );
}

/**
 * /pakker/:packageId: a package of the catalogue: what it is and for whom, the published
 * version's agenda template and materials, its versions; the person's clusters' orders of it,
 * ordering it, and planning a meeting from it.
 */
export default function PackagePage() {
  const { t } = useI18n();
  const { packageId = "" } = useParams();
  const pkg = usePackage(packageId);
  const me = useMe();
  const [search] = useSearchParams();
  useDocumentTitle("packages.package");

  if (pkg.isPending) {
    return (
      <>
        <Title order={1}>{t("packages.package")}</Title>
        <LoadingState />
      </>
    );
  }
  if (pkg.isError) {
    const missing = pkg.error instanceof ApiError && pkg.error.status === 404;
    return (
      <>
        <Title order={1}>{t("packages.package")}</Title>
        {missing ? <Notice tone="info">{t("packages.notFound")}</Notice> : <ErrorState error={pkg.error} onRetry={() => void pkg.refetch()} />}
      </>
    );
  }
  const data = pkg.data;
  const version = data.published_version;
  const clusters = me.data?.clusters ?? [];
  const ordering = clustersWithRole(clusters, ORDERING_ROLES);
  const planning = clustersWithRole(clusters, PLANNING_ROLES);
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={paths.packages} size="sm">
          {t("packages.backToCatalogue")}
        </Anchor>
        <Title order={1} style={{ overflowWrap: "anywhere" }}>{data.title}</Title>
        <Text size="lg">{data.cluster_name ? t("packages.byCluster", { cluster: data.cluster_name, unit: data.unit_name }) : t("packages.byUnit", { unit: data.unit_name })}</Text>
      </div>
      {data.state === "retired" ? <Notice tone="warning">{t("packages.retired")}</Notice> : null}
      {data.summary ? <Text style={{ whiteSpace: "pre-wrap" }}>{data.summary}</Text> : null}
      <SimpleGrid component="dl" cols={{ base: 1, sm: 3 }} spacing="sm" m={0}>
        <Fact label={t("packages.audience")}>{data.audience || "–"}</Fact>
        <Fact label={t("packages.length")}><Minutes minutes={data.estimated_minutes} /></Fact>
        <Fact label={t("packages.themes")}>
          {data.themes.length === 0 ? (
            "–"
          ) : (
            <Group component="span" gap={6} wrap="wrap">
              {data.themes.map((theme) => (
                <Badge key={theme} variant="filled" color="klynge.8" tt="none">{theme}</Badge>
              ))}
            </Group>
          )}
        </Fact>
      </SimpleGrid>
      {version && data.state === "published" && planning.length > 0 ? (
        <Group>
          <Button component={Link} to={packagePlanPath(data.id, search.get("moede"))} variant="default" leftSection={<IconCalendarPlus size={18} aria-hidden />}>
            {t("packages.plan.open")}
          </Button>
        </Group>
      ) : null}
      {version ? (
        <>
          <AgendaTemplate version={version} />
          <Materials pkg={data} version={version} />
          <DataSection version={version} clusters={clusters} />
        </>
      ) : (
        <EmptyState title={t("packages.unpublished")} />
      )}
      {clusters.length > 0 ? <OrdersSection pkg={data} clusters={clusters} ordering={ordering} /> : null}
      <VersionHistory packageId={data.id} />
    </Stack>
  );
}
