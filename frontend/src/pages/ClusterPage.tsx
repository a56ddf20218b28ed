import { useState, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { clusterFilesPath, clusterMeetingsPath } from "../app/navigation";
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
import { ActionButton } from "../components/ActionButton";
import { roleLabel } from "../components/clusterRoles";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { Section } from "../components/Section";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { BoardLink } from "../features/board/BoardLink";
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

function ClusterFacts({ cluster }: { cluster: Cluster }) {
  const { t, formatDate } = useI18n();
  const policy = cluster.data_policy;
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
          {policy === "open" ? t("cluster.dataPolicy.open") : null}
          {policy === "closed" ? t("cluster.dataPolicy.closed") : null}
          {policy ? null : t("cluster.dataPolicy.undecided")}
          {cluster.data_policy_decided_on
            ? ` · ${t("cluster.dataPolicy.decidedOn", { date: formatDate(cluster.data_policy_decided_on) })}`
            : null}
          {period ? ` · ${period}` : null}
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

interface ClinicsProps {
  cluster: Cluster;
  rights: RegistryRights;
  open: OpenDialog;
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

function ClinicsSection({ cluster, rights, open }: ClinicsProps) {
  const { t, formatDate, formatNumber } = useI18n();
  const clinics = useClinics(cluster.id);
  const members = useMembers(cluster.id);

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
    body = (
      <ul className="clinic-list">
        {clinics.data.map((clinic) => {
          const doctors = (byClinic.get(clinic.id) ?? []).sort((a, b) => a.name.localeCompare(b.name, "da"));
          return (
            <li key={clinic.id} className="clinic">
              <div className="clinic__header">
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
                <div className="clinic__actions">
                  {rights.manageMembers ? (
                    <ActionButton label={t("cluster.clinic.addDoctor")} about={clinic.name} onClick={() => { open({ kind: "addMember", clinicId: clinic.id }); }} />
                  ) : null}
                  {rights.manageRegistry ? (
                    <ActionButton label={t("cluster.clinic.end")} about={clinic.name} danger onClick={() => { open({ kind: "endClinic", clinic }); }} />
                  ) : null}
                </div>
              </div>
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
                            <td>
                              <div className="row-actions">
                                <ActionButton label={t("common.edit")} about={member.name} onClick={() => { open({ kind: "editMember", member }); }} />
                                <ActionButton label={t("cluster.member.end")} about={member.name} danger onClick={() => { open({ kind: "endMember", member }); }} />
                              </div>
                            </td>
                          ) : null}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    );
  }

  return (
    <Section
      title={t("cluster.clinics.title")}
      actions={
        <>
          {rights.manageRegistry ? (
            <button type="button" className="button" onClick={() => { open({ kind: "addClinic" }); }}>
              {t("registry.clinic.add")}
            </button>
          ) : null}
          {rights.manageMembers && clinics.data && clinics.data.length > 0 ? (
            <button type="button" className="button" onClick={() => { open({ kind: "addMember" }); }}>
              {t("registry.member.add")}
            </button>
          ) : null}
          <MembersSheetButton cluster={cluster} />
        </>
      }
    >
      {body}
    </Section>
  );
}

function RolesSection({ cluster, rights, open }: ClinicsProps) {
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
              {rights.manageRegistry ? <th scope="col"><span className="visually-hidden">{t("common.actions")}</span></th> : null}
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
                  <td>
                    <div className="row-actions">
                    <ActionButton
                      label={t("cluster.role.end")}
                      about={`${roleLabel(role.role, t)} ${role.name}`}
                      danger
                      onClick={() => { open({ kind: "endRole", role }); }}
                    />
                    </div>
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
      actions={
        rights.manageRegistry ? (
          <button type="button" className="button" onClick={() => { open({ kind: "assignRole" }); }}>
            {t("registry.role.assign")}
          </button>
        ) : null
      }
    >
      {body}
    </Section>
  );
}

function SubClustersSection({ cluster, rights, open }: ClinicsProps) {
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
      <ul className="card-list">
        {subClusters.data.map((sub) => (
          <li key={sub.id} className="card">
            <div className="clinic__header">
              <div>
                <h3 className="card__title">{sub.name}</h3>
                <p className="card__meta">
                  {sub.clinic_ids.length === 0
                    ? t("cluster.subClusters.noClinics")
                    : sub.clinic_ids.map((id) => names.get(id) ?? id).join(", ")}
                </p>
              </div>
              {rights.manageRegistry ? (
                <div className="clinic__actions">
                  <ActionButton label={t("common.edit")} about={sub.name} onClick={() => { open({ kind: "editSubCluster", subCluster: sub }); }} />
                  <ActionButton label={t("common.delete")} about={sub.name} danger onClick={() => { open({ kind: "deleteSubCluster", subCluster: sub }); }} />
                </div>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    );
  }
  return (
    <Section
      title={t("cluster.subClusters.title")}
      actions={
        rights.manageRegistry ? (
          <button type="button" className="button" onClick={() => { open({ kind: "addSubCluster" }); }}>
            {t("registry.subCluster.add")}
          </button>
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

export default function ClusterPage() {
  const { t, formatNumber } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [saved, setSaved] = useState(false);
  useDocumentTitle("cluster.title");

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
  return (
    <>
      <h1>{data.name}</h1>
      <p className="lead">
        {t("cluster.summary", {
          region: regionName(data.region.code, t),
          clinics: formatNumber(data.clinic_count),
          doctors: formatNumber(data.doctor_count),
        })}
      </p>
      <ClusterFacts cluster={data} />
      <div className="page-actions">
        <Link className="button button--secondary" to={clusterMeetingsPath(data.id)}>
          {t("cluster.meetingsLink")}
        </Link>
        <Link className="button button--secondary" to={clusterFilesPath(data.id)}>
          {t("files.link")}
        </Link>
        <BoardLink clusterId={data.id} />
      </div>
      <p role="status" className={saved ? "notice notice--success" : "visually-hidden"}>
        {saved ? t("registry.saved") : ""}
      </p>
      <ClinicsSection cluster={data} rights={rights} open={open} />
      <RolesSection cluster={data} rights={rights} open={open} />
      <SubClustersSection cluster={data} rights={rights} open={open} />
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
