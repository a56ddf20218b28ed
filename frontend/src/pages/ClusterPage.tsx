import "../theme/pageStyles";
import { Accordion, Alert, Badge, Button, Group, Paper, Stack, Table, Tabs, Text, TextInput, Title } from "@mantine/core";
import { IconCheck, IconPlus, IconSearch, IconUserPlus } from "@tabler/icons-react";
import { Suspense, useId, useState, type ReactNode } from "react";
import { Outlet, useLocation, useNavigate, useOutletContext, useParams, useSearchParams } from "react-router";
import { CLUSTER_TABS, clusterPath, clusterTabPath, readsLedger, seesClusterData, type ClusterTab } from "../app/navigation";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { useMe } from "../api/queries";
import { worksAtQualityUnit } from "../api/surveys";
import {
  downloadMembersSheet,
  registryRights,
  useCluster,
  useClinics,
  useMembers,
  useRoles,
  useSubClusters,
  type RegistryRights,
} from "../api/registry";
import type { Clinic, Cluster, ClusterRole, Member, SubCluster } from "../api/types";
import { roleLabel } from "../components/clusterRoles";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Section } from "../components/Section";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { RowMenu, type RowAction } from "../components/RowMenu";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { BoardTabLabel } from "../features/board/BoardLink";
import {
  AddClinicDialog,
  AssignRoleDialog,
  DeleteSubClusterDialog,
  EndClinicDialog,
  EndMemberDialog,
  EndRoleDialog,
  MemberDialog,
  SubClusterDialog,
} from "../features/cluster/dialogs";
import { MEMBER_KIND_KEYS } from "../features/cluster/labels";
import { useI18n } from "../i18n/context";
import { todayInDenmark } from "../i18n/format";
import type { PlainKey } from "../i18n/translate";

type Dialog =
  | { kind: "addClinic" }
  | { kind: "endClinic"; clinic: Clinic }
  | { kind: "addMember"; clinicId?: string }
  | { kind: "editMember"; member: Member }
  | { kind: "endMember"; member: Member }
  | { kind: "assignRole" }
  | { kind: "endRole"; role: ClusterRole }
  | { kind: "addSubCluster" }
  | { kind: "editSubCluster"; subCluster: SubCluster }
  | { kind: "deleteSubCluster"; subCluster: SubCluster };

type OpenDialog = (dialog: Dialog) => void;

/** The data policy's last day has passed: it no longer holds, and the data count as closed. */
export function policyExpired(cluster: Cluster, today: string = todayInDenmark()): boolean {
  return cluster.data_policy !== null && cluster.data_policy_valid_to !== null && cluster.data_policy_valid_to < today;
}

function ClusterFacts({ cluster }: { cluster: Cluster }) {
  const { t, formatDate } = useI18n();
  const policy = cluster.data_policy;
  const expired = policyExpired(cluster);
  let period: string | null = null;
  if (cluster.data_policy_valid_from && cluster.data_policy_valid_to) {
    period = t("cluster.dataPolicy.period", {
      from: formatDate(cluster.data_policy_valid_from),
      to: formatDate(cluster.data_policy_valid_to),
    });
  } else if (cluster.data_policy_valid_from) {
    period = t("cluster.dataPolicy.from", { from: formatDate(cluster.data_policy_valid_from) });
  }
  const label = policy === "open" ? t("cluster.dataPolicy.open") : t("cluster.dataPolicy.closed");
  return (
    <Stack component="dl" gap="xs" my="md">
      <div>
        <Text component="dt" fw={600} size="sm">{t("cluster.dataPolicy")}</Text>
        <Text component="dd" m={0}>
          {expired ? (
            <>
              <Badge color="red.9" variant="filled" mr="xs" w="fit-content">
                {t("cluster.dataPolicy.expired")}
              </Badge>
              <s>
                {label}
                {period ? ` · ${period}` : null}
              </s>
              <br />
              {t("cluster.dataPolicy.expiredNote", { date: formatDate(cluster.data_policy_valid_to ?? "") })}
            </>
          ) : (
            <>
              {policy ? label : t("cluster.dataPolicy.undecided")}
              {cluster.data_policy_decided_on
                ? ` · ${t("cluster.dataPolicy.decidedOn", { date: formatDate(cluster.data_policy_decided_on) })}`
                : null}
              {period ? ` · ${period}` : null}
            </>
          )}
        </Text>
      </div>
      {cluster.description ? (
        <div>
          <Text component="dt" fw={600} size="sm">{t("cluster.description")}</Text>
          <Text component="dd" m={0}>{cluster.description}</Text>
        </div>
      ) : null}
    </Stack>
  );
}

interface ClusterContext {
  cluster: Cluster;
  rights: RegistryRights;
  open: OpenDialog;
}

/** What the cluster's frame hands each of its tabs. */
function useClusterContext(): ClusterContext {
  return useOutletContext<ClusterContext>();
}

/** The member list as an Excel workbook, saved under the API's file name. */
function MembersSheetButton({ cluster }: { cluster: Cluster }) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <DownloadButton
      label={t("cluster.members.sheet")}
      busyLabel={t("cluster.members.sheetBusy")}
      download={() => downloadMembersSheet(api, cluster.id, t("cluster.members.sheetFile", { cluster: cluster.name }))}
    />
  );
}

/** A text as a search compares it: lower case, without the spaces around it. */
function normalise(text: string): string {
  return text.toLocaleLowerCase("da").trim();
}

/** The clinics to show for a search, each with the doctors to show: a clinic that matches shows all its doctors. */
export function searchClinics(
  clinics: readonly Clinic[],
  doctorsOf: (clinic: Clinic) => Member[],
  query: string,
): { clinic: Clinic; doctors: Member[] }[] {
  const wanted = normalise(query);
  const all = clinics.map((clinic) => ({ clinic, doctors: doctorsOf(clinic) }));
  if (wanted === "") return all;
  return all.flatMap(({ clinic, doctors }) => {
    if (normalise(clinic.name).includes(wanted) || clinic.provider_number.includes(wanted)) return [{ clinic, doctors }];
    const matching = doctors.filter((doctor) => normalise(doctor.name).includes(wanted));
    return matching.length > 0 ? [{ clinic, doctors: matching }] : [];
  });
}

const SEARCH_PARAM = "soeg";

/**
 * A table's first column (what a row is about) stays in view while the others scroll under it
 * on a phone, so it needs a background of its own. Its scrolling frame is positioned, so that
 * the caption hidden for all but screen readers stays inside it instead of widening the page.
 */
const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

/** The clinics unfolded, remembered with the search they were chosen under. */
interface Unfolded {
  query: string;
  ids: string[];
}

/** How many doctors, in words: "1 læge", "3 læger", "Ingen læger". */
function doctorCount(count: number, t: ReturnType<typeof useI18n>["t"], formatNumber: (value: number) => string): string {
  if (count === 0) return t("cluster.clinic.doctorCount.none");
  if (count === 1) return t("cluster.clinic.doctorCount.one");
  return t("cluster.clinic.doctorCount", { count: formatNumber(count) });
}

/** A clinic's doctors: a table that scrolls inside its own frame on a phone, the names staying in view. */
function DoctorTable({ clinic, doctors, showPersonal, manage, open }: {
  clinic: Clinic;
  doctors: Member[];
  showPersonal: boolean;
  manage: boolean;
  open: OpenDialog;
}) {
  const { t } = useI18n();
  const captionId = useId();
  return (
    <Table.ScrollContainer minWidth={640} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
      <Table layout="fixed" verticalSpacing="xs" fz="sm">
        <Table.Caption id={captionId} className="visually-hidden">{t("cluster.clinic.doctorsCaption", { clinic: clinic.name })}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w="26%" style={STICKY}>{t("registry.member.name")}</Table.Th>
            <Table.Th scope="col" w="22%">{t("registry.member.kind")}</Table.Th>
            <Table.Th scope="col">{t("registry.member.workEmail")}</Table.Th>
            {showPersonal ? <Table.Th scope="col">{t("registry.member.personalEmail")}</Table.Th> : null}
            {manage ? <Table.Th scope="col" w={56}><span className="visually-hidden">{t("common.actions")}</span></Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {doctors.map((member) => (
            <Table.Tr key={member.id}>
              <Table.Th scope="row" fw={600} style={{ ...STICKY, overflowWrap: "anywhere" }}>{member.name}</Table.Th>
              <Table.Td>{t(MEMBER_KIND_KEYS[member.kind])}</Table.Td>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{member.work_email}</Table.Td>
              {showPersonal ? <Table.Td style={{ overflowWrap: "anywhere" }}>{member.personal_email ?? "–"}</Table.Td> : null}
              {manage ? (
                <Table.Td>
                  <RowMenu
                    about={member.name}
                    actions={[
                      { label: t("common.edit"), onClick: () => { open({ kind: "editMember", member }); } },
                      { label: t("registry.member.end"), danger: true, onClick: () => { open({ kind: "endMember", member }); } },
                    ]}
                  />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * /klynger/:clusterId and /klynger/:clusterId/klinikker: the clinics, searchable, each folded to
 * one line of key figures and unfolded to its doctors on demand, so that a cluster of twenty
 * clinics fits a few screens; a search unfolds every clinic it finds.
 */
export function ClinicsTab() {
  const { cluster, rights, open } = useClusterContext();
  const { t, formatDate, formatNumber } = useI18n();
  const clinics = useClinics(cluster.id);
  const members = useMembers(cluster.id);
  const [params, setParams] = useSearchParams();
  const query = params.get(SEARCH_PARAM) ?? "";
  const [unfolded, setUnfolded] = useState<Unfolded>({ query: "", ids: [] });
  function search(value: string) {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(SEARCH_PARAM);
    else next.set(SEARCH_PARAM, value);
    setParams(next, { replace: true });
  }

  let body: ReactNode;
  if (clinics.isPending || members.isPending) body = <LoadingState />;
  else if (clinics.isError) body = <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} />;
  else if (members.isError) body = <ErrorState error={members.error} onRetry={() => void members.refetch()} />;
  else if (clinics.data.length === 0) {
    body = <EmptyState title={t("cluster.clinics.empty")}>{rights.manageRegistry ? <p>{t("cluster.clinics.emptyManage")}</p> : null}</EmptyState>;
  } else {
    const byClinic = new Map<string, Member[]>();
    for (const member of members.data) {
      const list = byClinic.get(member.clinic_id) ?? [];
      list.push(member);
      byClinic.set(member.clinic_id, list);
    }
    const showPersonal = rights.manageMembers || members.data.some((member) => member.personal_email);
    const shown = searchClinics(
      clinics.data,
      (clinic) => [...(byClinic.get(clinic.id) ?? [])].sort((a, b) => a.name.localeCompare(b.name, "da")),
      query,
    );
    // A new search unfolds what it found; without one every clinic starts folded.
    const expanded = unfolded.query === query ? unfolded.ids : query ? shown.map(({ clinic }) => clinic.id) : [];
    body = (
      <>
        <TextInput
          type="search"
          label={t("cluster.search.label")}
          placeholder={t("cluster.search.placeholder")}
          leftSection={<IconSearch size={16} aria-hidden />}
          value={query}
          onChange={(event) => { search(event.currentTarget.value); }}
          mb="sm"
          maw={420}
        />
        <Text role="status" size="sm" c="dimmed" mb={query ? "sm" : 0} className={query ? undefined : "visually-hidden"}>
          {query
            ? shown.length === 0
              ? t("cluster.search.none", { query })
              : t("cluster.search.count", { shown: formatNumber(shown.length), total: formatNumber(clinics.data.length) })
            : ""}
        </Text>
        <Accordion
          multiple
          keepMounted={false}
          variant="separated"
          radius="md"
          order={3}
          value={expanded}
          onChange={(ids) => { setUnfolded({ query, ids }); }}
          role="list"
        >
          {shown.map(({ clinic, doctors }) => {
            const clinicActions: RowAction[] = [];
            if (rights.manageMembers) {
              clinicActions.push({ label: t("cluster.clinic.addDoctor"), onClick: () => { open({ kind: "addMember", clinicId: clinic.id }); } });
            }
            if (rights.manageRegistry) {
              clinicActions.push({ label: t("cluster.clinic.end"), danger: true, onClick: () => { open({ kind: "endClinic", clinic }); } });
            }
            const total = byClinic.get(clinic.id)?.length ?? 0;
            const summary = [
              t("cluster.clinic.providerNumber", { number: clinic.provider_number }),
              doctorCount(total, t, formatNumber),
              clinic.patients === null ? null : t("cluster.clinic.patientCount", { count: formatNumber(clinic.patients) }),
            ].filter(Boolean).join(" · ");
            return (
              <Accordion.Item key={clinic.id} value={clinic.id} role="listitem">
                <Group wrap="nowrap" gap={0} pr="xs">
                  <Accordion.Control>
                    <Text component="span" display="block" fw={600}>{clinic.name}</Text>
                    <Text component="span" display="block" size="sm" c="dimmed">{summary}</Text>
                  </Accordion.Control>
                  <RowMenu about={clinic.name} actions={clinicActions} />
                </Group>
                <Accordion.Panel>
                  <Stack gap="sm">
                    <Text size="sm" c="dimmed">
                      {clinic.address ? `${clinic.address} · ` : null}
                      {clinic.patients === null || !clinic.patients_counted_on
                        ? t("cluster.clinic.noPatients")
                        : t("cluster.clinic.patients", {
                            count: formatNumber(clinic.patients),
                            date: formatDate(clinic.patients_counted_on),
                          })}
                      {" · "}
                      {t("cluster.clinic.since", { date: formatDate(clinic.in_cluster_since) })}
                    </Text>
                    {doctors.length === 0 ? (
                      <Text size="sm" c="dimmed">{t("cluster.clinic.noDoctors")}</Text>
                    ) : (
                      <DoctorTable clinic={clinic} doctors={doctors} showPersonal={showPersonal} manage={rights.manageMembers} open={open} />
                    )}
                  </Stack>
                </Accordion.Panel>
              </Accordion.Item>
            );
          })}
        </Accordion>
      </>
    );
  }

  return (
    <Section
      title={t("cluster.clinics.title")}
      actions={
        <>
          {rights.manageRegistry ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { open({ kind: "addClinic" }); }}>{t("registry.clinic.add")}</Button>
          ) : null}
          {rights.manageMembers && clinics.data && clinics.data.length > 0 ? (
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={() => { open({ kind: "addMember" }); }}>{t("registry.member.add")}</Button>
          ) : null}
        </>
      }
    >
      {body}
    </Section>
  );
}

/** /klynger/:clusterId/roller: who holds which role. */
export function RolesTab() {
  const { cluster, rights, open } = useClusterContext();
  const { t, formatDate } = useI18n();
  const roles = useRoles(cluster.id);
  const captionId = useId();
  let body: ReactNode;
  if (roles.isPending) body = <LoadingState />;
  else if (roles.isError) body = <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  else if (roles.data.length === 0) body = <EmptyState title={t("cluster.roles.empty")} />;
  else {
    body = (
      <Table.ScrollContainer minWidth={480} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table verticalSpacing="xs" fz="sm">
          <Table.Caption id={captionId} className="visually-hidden">{t("cluster.roles.title")}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" style={STICKY}>{t("registry.role.role")}</Table.Th>
              <Table.Th scope="col">{t("registry.member.name")}</Table.Th>
              <Table.Th scope="col">{t("registry.role.since")}</Table.Th>
              {rights.manageRegistry ? <Table.Th scope="col" w={56}><span className="visually-hidden">{t("common.actions")}</span></Table.Th> : null}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roles.data.map((role) => (
              <Table.Tr key={role.id}>
                <Table.Th scope="row" fw={600} style={STICKY}>{roleLabel(role.role, t)}</Table.Th>
                <Table.Td>{role.name}</Table.Td>
                <Table.Td>
                  <time dateTime={role.valid_from}>{formatDate(role.valid_from)}</time>
                </Table.Td>
                {rights.manageRegistry ? (
                  <Table.Td>
                    <RowMenu
                      about={`${roleLabel(role.role, t)} ${role.name}`}
                      actions={[{ label: t("registry.role.end"), danger: true, onClick: () => { open({ kind: "endRole", role }); } }]}
                    />
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  }
  return (
    <Section
      title={t("cluster.roles.title")}
      actions={
        rights.manageRegistry ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { open({ kind: "assignRole" }); }}>{t("registry.role.assign")}</Button>
        ) : null
      }
    >
      {body}
    </Section>
  );
}

/** /klynger/:clusterId/underklynger: the sub-clusters with their clinics. */
export function SubClustersTab() {
  const { cluster, rights, open } = useClusterContext();
  const { t } = useI18n();
  const subClusters = useSubClusters(cluster.id);
  const clinics = useClinics(cluster.id);
  let body: ReactNode;
  if (subClusters.isPending || clinics.isPending) body = <LoadingState />;
  else if (subClusters.isError) body = <ErrorState error={subClusters.error} onRetry={() => void subClusters.refetch()} />;
  else if (clinics.isError) body = <ErrorState error={clinics.error} onRetry={() => void clinics.refetch()} />;
  else if (subClusters.data.length === 0) {
    body = (
      <EmptyState title={t("cluster.subClusters.empty")}>
        <p>{t("cluster.subClusters.emptyBody")}</p>
      </EmptyState>
    );
  } else {
    const names = new Map(clinics.data.map((clinic) => [clinic.id, clinic.name]));
    body = (
      <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: "none" }}>
        {subClusters.data.map((sub) => (
          <Paper component="li" key={sub.id} withBorder p="md" radius="md">
            <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
              <Stack gap={4} miw={0}>
                <Title order={3} size="h4">{sub.name}</Title>
                <Text size="sm" c="dimmed">
                  {sub.clinic_ids.length === 0
                    ? t("cluster.subClusters.noClinics")
                    : sub.clinic_ids.map((id) => names.get(id) ?? id).join(", ")}
                </Text>
              </Stack>
              {rights.manageRegistry ? (
                <RowMenu
                  about={sub.name}
                  actions={[
                    { label: t("common.edit"), onClick: () => { open({ kind: "editSubCluster", subCluster: sub }); } },
                    { label: t("registry.subCluster.delete"), danger: true, onClick: () => { open({ kind: "deleteSubCluster", subCluster: sub }); } },
                  ]}
                />
              ) : null}
            </Group>
          </Paper>
        ))}
      </Stack>
    );
  }
  return (
    <Section
      title={t("cluster.subClusters.title")}
      actions={
        rights.manageRegistry ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { open({ kind: "addSubCluster" }); }}>{t("registry.subCluster.add")}</Button>
        ) : null
      }
    >
      {body}
    </Section>
  );
}

function DialogFor({ dialog, cluster, close, saved }: { dialog: Dialog; cluster: Cluster; close: () => void; saved: () => void }) {
  const clinics = useClinics(cluster.id);
  const members = useMembers(cluster.id);
  const common = { clusterId: cluster.id, onClose: close, onSaved: saved };
  switch (dialog.kind) {
    case "addClinic":
      return <AddClinicDialog {...common} />;
    case "endClinic":
      return <EndClinicDialog {...common} clinic={dialog.clinic} />;
    case "addMember":
      return <MemberDialog {...common} clinics={clinics.data ?? []} {...(dialog.clinicId ? { clinicId: dialog.clinicId } : {})} />;
    case "editMember":
      return <MemberDialog {...common} clinics={clinics.data ?? []} member={dialog.member} />;
    case "endMember":
      return <EndMemberDialog {...common} member={dialog.member} />;
    case "assignRole":
      return <AssignRoleDialog {...common} members={members.data ?? []} />;
    case "endRole":
      return <EndRoleDialog {...common} role={dialog.role} />;
    case "addSubCluster":
      return <SubClusterDialog {...common} clinics={clinics.data ?? []} />;
    case "editSubCluster":
      return <SubClusterDialog {...common} clinics={clinics.data ?? []} subCluster={dialog.subCluster} />;
    case "deleteSubCluster":
      return <DeleteSubClusterDialog {...common} subCluster={dialog.subCluster} />;
  }
}

/** The tab a path under the cluster shows; the cluster's own path shows its clinics. */
function tabOf(pathname: string, clusterId: string): ClusterTab {
  const rest = pathname.slice(clusterPath(clusterId).length).split("/")[1] ?? "";
  return (CLUSTER_TABS as readonly string[]).includes(rest) ? (rest as ClusterTab) : "klinikker";
}

const TAB_PAGE_TITLES: Partial<Record<ClusterTab, PlainKey>> = {
  moeder: "meetings.title",
  filer: "files.title",
  opslag: "board.title",
  oekonomi: "economy.ledger.title",
  pakker: "packages.order.clusterTitle",
  data: "data.title",
  undersoegelser: "surveys.title",
};

/** The tab's label, with the number of threads new to the reader on the board's. */
function TabLabel({ tab, clusterId }: { tab: ClusterTab; clusterId: string }) {
  const { t } = useI18n();
  if (tab === "opslag") return <BoardTabLabel clusterId={clusterId} />;
  return <>{t(`cluster.tab.${tab}`)}</>;
}

/**
 * /klynger/:clusterId/…: the cluster's header (name, region, key figures, data policy, the
 * member list as CSV) above its tabs; each tab is a path of its own, so a link or the back
 * button opens the same tab again.
 */
export default function ClusterPage() {
  const { t, formatNumber } = useI18n();
  const { clusterId = "" } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const cluster = useCluster(clusterId);
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [saved, setSaved] = useState(false);
  const tab = tabOf(location.pathname, clusterId);
  // The frame's title is set after its tab's, so it names the tab's page where it has one.
  useDocumentTitle(TAB_PAGE_TITLES[tab] ?? "cluster.title");

  if (cluster.isPending) {
    return (
      <>
        <Title order={1}>{t("cluster.title")}</Title>
        <LoadingState />
      </>
    );
  }
  if (cluster.isError) {
    const missing = cluster.error instanceof ApiError && cluster.error.status === 404;
    return (
      <>
        <Title order={1}>{t("cluster.title")}</Title>
        {missing ? (
          <Alert color="blue" mt="md">{t("cluster.notFound")}</Alert>
        ) : (
          <ErrorState error={cluster.error} onRetry={() => void cluster.refetch()} />
        )}
      </>
    );
  }

  const data = cluster.data;
  const rights = registryRights(data);
  const open: OpenDialog = (next) => {
    setSaved(false);
    setDialog(next);
  };
  const context: ClusterContext = { cluster: data, rights, open };
  // The ledger's tab is offered to those who read it (and shown to anyone who follows a link).
  // The data view is the cluster's own people's, and so are its orders of packages (shown to
  // anyone who follows a link).
  const insider = me.data?.clusters.some((mine) => mine.id === data.id) ?? false;
  const offered = (value: ClusterTab) => {
    if (value === "oekonomi") return readsLedger(me.data, data.id);
    if (value === "data") return seesClusterData(me.data, data.id);
    if (value === "pakker") return insider;
    if (value === "undersoegelser") return insider || (me.data?.is_platform_admin ?? false) || worksAtQualityUnit(me.data);
    return true;
  };
  const tabs = CLUSTER_TABS.filter((value) => value === tab || offered(value));
  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4} miw={0}>
          <Title order={1}>{data.name}</Title>
          <Text size="lg">
            {t("cluster.summary", {
              region: regionName(data.region.code, t),
              clinics: formatNumber(data.clinic_count),
              doctors: formatNumber(data.doctor_count),
            })}
          </Text>
        </Stack>
        <MembersSheetButton cluster={data} />
      </Group>
      <ClusterFacts cluster={data} />
      {/* The live region stays in the page, so that the message is announced when it appears. */}
      <Group role="status" gap="xs" c="green.9" fw={600} mb={saved ? "sm" : 0}>
        {saved ? (
          <>
            <IconCheck size={18} aria-hidden />
            {t("registry.saved")}
          </>
        ) : null}
      </Group>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (value && value !== tab) void navigate(clusterTabPath(data.id, value as ClusterTab));
        }}
        keepMounted={false}
        mt="md"
      >
        <Tabs.List
          aria-label={t("cluster.tabs")}
          // On a phone the tabs scroll inside their row rather than widening the page.
          style={{ flexWrap: "nowrap", overflowX: "auto", overflowY: "hidden" }}
        >
          {tabs.map((value) => (
            <Tabs.Tab key={value} value={value} style={{ flexShrink: 0 }}>
              <TabLabel tab={value} clusterId={data.id} />
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {tabs.map((value) => (
          <Tabs.Panel key={value} value={value} pt="md">
            {value === tab ? (
              <Suspense fallback={<LoadingState />}>
                <Outlet context={context} />
              </Suspense>
            ) : null}
          </Tabs.Panel>
        ))}
      </Tabs>
      {dialog ? (
        <DialogFor
          dialog={dialog}
          cluster={data}
          close={() => { setDialog(null); }}
          saved={() => {
            setDialog(null);
            setSaved(true);
          }}
        />
      ) : null}
    </>
  );
}
