import "../theme/pageStyles";
import { Badge, Button, Group, Paper, Stack, Tabs, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { Suspense, useState, type ReactNode } from "react";
import { Outlet, useLocation, useNavigate, useOutletContext, useParams, useSearchParams } from "react-router";
import { CLUSTER_TABS, clusterPath, clusterTabPath, type ClusterTab } from "../app/navigation";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
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
  return (
    <dl className="details details--page">
      <div>
        <dt>{t("cluster.dataPolicy")}</dt>
        <dd>
          {expired ? (
            <>
              <Badge color="red.9" variant="filled" mr="xs" w="fit-content">
                {t("cluster.dataPolicy.expired")}
              </Badge>
              <s>
                {policy === "open" ? t("cluster.dataPolicy.open") : t("cluster.dataPolicy.closed")}
                {period ? ` · ${period}` : null}
              </s>
              <br />
              {t("cluster.dataPolicy.expiredNote", { date: formatDate(cluster.data_policy_valid_to ?? "") })}
            </>
          ) : (
            <>
              {policy === "open" ? t("cluster.dataPolicy.open") : null}
              {policy === "closed" ? t("cluster.dataPolicy.closed") : null}
              {policy ? null : t("cluster.dataPolicy.undecided")}
              {cluster.data_policy_decided_on
                ? ` · ${t("cluster.dataPolicy.decidedOn", { date: formatDate(cluster.data_policy_decided_on) })}`
                : null}
              {period ? ` · ${period}` : null}
            </>
          )}
        </dd>
      </div>
      {cluster.description ? (
        <div>
          <dt>{t("cluster.description")}</dt>
          <dd>{cluster.description}</dd>
        </div>
      ) : null}
    </dl>
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

/** /klynger/:clusterId and /klynger/:clusterId/klinikker: the clinics with their doctors, searchable. */
export function ClinicsTab() {
  const { cluster, rights, open } = useClusterContext();
  const { t, formatDate, formatNumber } = useI18n();
  const clinics = useClinics(cluster.id);
  const members = useMembers(cluster.id);
  const [params, setParams] = useSearchParams();
  const query = params.get(SEARCH_PARAM) ?? "";
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
        <p role="status" className={query ? "muted" : "visually-hidden"}>
          {query
            ? shown.length === 0
              ? t("cluster.search.none", { query })
              : t("cluster.search.count", { shown: formatNumber(shown.length), total: formatNumber(clinics.data.length) })
            : ""}
        </p>
        <Stack component="ul" gap="md" p={0} m={0} style={{ listStyle: "none" }}>
          {shown.map(({ clinic, doctors }) => {
            const clinicActions: RowAction[] = [];
            if (rights.manageMembers) {
              clinicActions.push({ label: t("cluster.clinic.addDoctor"), onClick: () => { open({ kind: "addMember", clinicId: clinic.id }); } });
            }
            if (rights.manageRegistry) {
              clinicActions.push({ label: t("cluster.clinic.end"), danger: true, onClick: () => { open({ kind: "endClinic", clinic }); } });
            }
            return (
              <Paper component="li" key={clinic.id} withBorder p="md" radius="md" miw={0}>
                <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
                  <div>
                    <h3 className="clinic__name">{clinic.name}</h3>
                    <p className="card__meta">
                      {t("cluster.clinic.providerNumber", { number: clinic.provider_number })}
                      {clinic.address ? ` · ${clinic.address}` : null}
                    </p>
                    <p className="card__meta">
                      {clinic.patients === null || !clinic.patients_counted_on
                        ? t("cluster.clinic.noPatients")
                        : t("cluster.clinic.patients", {
                            count: formatNumber(clinic.patients),
                            date: formatDate(clinic.patients_counted_on),
                          })}
                      {" · "}
                      {t("cluster.clinic.since", { date: formatDate(clinic.in_cluster_since) })}
                    </p>
                  </div>
                  <RowMenu about={clinic.name} actions={clinicActions} />
                </Group>
                {doctors.length === 0 ? (
                  <p className="muted">{t("cluster.clinic.noDoctors")}</p>
                ) : (
                  <div className="table-wrap">
                    <table className={showPersonal ? "table table--doctors table--with-personal" : "table table--doctors"}>
                      <caption className="visually-hidden">{t("cluster.clinic.doctorsCaption", { clinic: clinic.name })}</caption>
                      <thead>
                        <tr>
                          <th scope="col">{t("registry.member.name")}</th>
                          <th scope="col">{t("registry.member.kind")}</th>
                          <th scope="col">{t("registry.member.workEmail")}</th>
                          {showPersonal ? <th scope="col">{t("registry.member.personalEmail")}</th> : null}
                          {rights.manageMembers ? <th scope="col" className="col-actions"><span className="visually-hidden">{t("common.actions")}</span></th> : null}
                        </tr>
                      </thead>
                      <tbody>
                        {doctors.map((member) => (
                          <tr key={member.id}>
                            <th scope="row">{member.name}</th>
                            <td>{t(MEMBER_KIND_KEYS[member.kind])}</td>
                            <td>{member.work_email}</td>
                            {showPersonal ? <td>{member.personal_email ?? "–"}</td> : null}
                            {rights.manageMembers ? (
                              <td className="col-actions">
                                <RowMenu
                                  about={member.name}
                                  actions={[
                                    { label: t("common.edit"), onClick: () => { open({ kind: "editMember", member }); } },
                                    { label: t("registry.member.end"), danger: true, onClick: () => { open({ kind: "endMember", member }); } },
                                  ]}
                                />
                              </td>
                            ) : null}
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                )}
              </Paper>
            );
          })}
        </Stack>
      </>
    );
  }

  return (
    <Section
      title={t("cluster.clinics.title")}
      actions={
        <>
          {rights.manageRegistry ? (
            <Button onClick={() => { open({ kind: "addClinic" }); }}>{t("registry.clinic.add")}</Button>
          ) : null}
          {rights.manageMembers && clinics.data && clinics.data.length > 0 ? (
            <Button onClick={() => { open({ kind: "addMember" }); }}>{t("registry.member.add")}</Button>
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
  let body: ReactNode;
  if (roles.isPending) body = <LoadingState />;
  else if (roles.isError) body = <ErrorState error={roles.error} onRetry={() => void roles.refetch()} />;
  else if (roles.data.length === 0) body = <EmptyState title={t("cluster.roles.empty")} />;
  else {
    body = (
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">{t("cluster.roles.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("registry.role.role")}</th>
              <th scope="col">{t("registry.member.name")}</th>
              <th scope="col">{t("registry.role.since")}</th>
              {rights.manageRegistry ? <th scope="col" className="col-actions"><span className="visually-hidden">{t("common.actions")}</span></th> : null}
            </tr>
          </thead>
          <tbody>
            {roles.data.map((role) => (
              <tr key={role.id}>
                <th scope="row">{roleLabel(role.role, t)}</th>
                <td>{role.name}</td>
                <td>
                  <time dateTime={role.valid_from}>{formatDate(role.valid_from)}</time>
                </td>
                {rights.manageRegistry ? (
                  <td className="col-actions">
                    <RowMenu
                      about={`${roleLabel(role.role, t)} ${role.name}`}
                      actions={[{ label: t("registry.role.end"), danger: true, onClick: () => { open({ kind: "endRole", role }); } }]}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <Section
      title={t("cluster.roles.title")}
      actions={rights.manageRegistry ? <Button onClick={() => { open({ kind: "assignRole" }); }}>{t("registry.role.assign")}</Button> : null}
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
              <div>
                <h3 className="card__title">{sub.name}</h3>
                <p className="card__meta">
                  {sub.clinic_ids.length === 0
                    ? t("cluster.subClusters.noClinics")
                    : sub.clinic_ids.map((id) => names.get(id) ?? id).join(", ")}
                </p>
              </div>
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
      actions={rights.manageRegistry ? <Button onClick={() => { open({ kind: "addSubCluster" }); }}>{t("registry.subCluster.add")}</Button> : null}
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
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [saved, setSaved] = useState(false);
  const tab = tabOf(location.pathname, clusterId);
  // The frame's title is set after its tab's, so it names the tab's page where it has one.
  useDocumentTitle(TAB_PAGE_TITLES[tab] ?? "cluster.title");

  if (cluster.isPending) {
    return (
      <>
        <h1>{t("cluster.title")}</h1>
        <LoadingState />
      </>
    );
  }
  if (cluster.isError) {
    const missing = cluster.error instanceof ApiError && cluster.error.status === 404;
    return (
      <>
        <h1>{t("cluster.title")}</h1>
        {missing ? (
          <p className="notice notice--info">{t("cluster.notFound")}</p>
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
  return (
    <>
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <h1>{data.name}</h1>
          <p className="lead">
            {t("cluster.summary", {
              region: regionName(data.region.code, t),
              clinics: formatNumber(data.clinic_count),
              doctors: formatNumber(data.doctor_count),
            })}
          </p>
        </div>
        <MembersSheetButton cluster={data} />
      </Group>
      <ClusterFacts cluster={data} />
      <p role="status" className={saved ? "notice notice--success" : "visually-hidden"}>
        {saved ? t("registry.saved") : ""}
      </p>
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
          {CLUSTER_TABS.map((value) => (
            <Tabs.Tab key={value} value={value} style={{ flexShrink: 0 }}>
              <TabLabel tab={value} clusterId={data.id} />
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {CLUSTER_TABS.map((value) => (
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
