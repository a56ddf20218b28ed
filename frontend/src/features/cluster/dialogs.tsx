/**
 * The registry's changes, each in a dialog: bring a clinic in or take it out, add or edit a
 * doctor, end a membership, give or end a role, make, change or delete a sub-cluster. Every
 * change of an existing resource reads it, with its ETag, when the dialog opens and sends that
 * ETag as If-Match, so a change someone else made meanwhile is refused (412) rather than lost;
 * every creation carries an Idempotency-Key, so a repeated click creates nothing twice.
 */
import { useState } from "react";
import { useApi } from "../../api/context";
import { queryKeys } from "../../api/queries";
import { registryKeys } from "../../api/registry";
import { unwrap } from "../../api/errors";
import type { Clinic, ClusterRole, ClusterRoleKind, Member, MemberKind, SubCluster } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { Field } from "../../components/fields";
import { useI18n } from "../../i18n/context";
import { todayInDenmark } from "../../i18n/format";
import { ROLE_KINDS, roleLabel } from "../../components/clusterRoles";
import { MEMBER_KIND_KEYS } from "./labels";

/** A change in the cluster; on success everything shown of the cluster is read again. */
function useRegistryChange<T>(clusterId: string, change: (values: T) => Promise<unknown>, onDone: () => void) {
  return useChange([registryKeys.cluster(clusterId), ["clusters"], ["landscape"], queryKeys.me], change, onDone);
}

interface ClusterDialogProps {
  clusterId: string;
  /** Closed without a change. */
  onClose: () => void;
  /** The change was saved (the dialog is done). */
  onSaved: () => void;
}

export function AddClinicDialog({ clusterId, onClose, onSaved }: ClusterDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const [providerNumber, setProviderNumber] = useState("");
  const [name, setName] = useState("");
  const [address, setAddress] = useState("");
  const [validFrom, setValidFrom] = useState(todayInDenmark());
  const change = useRegistryChange(
    clusterId,
    () =>
      unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/clinics", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: { provider_number: providerNumber.trim(), name: name.trim(), address: address.trim(), valid_from: validFrom },
        }),
      ),
    onSaved,
  );
  const errors = fieldErrorsOf(change.error, t);
  return (
    <FormDialog
      title={t("registry.clinic.add")}
      submitLabel={t("registry.clinic.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Field label={t("registry.clinic.providerNumber")} name="provider_number" errors={errors} hint={t("registry.clinic.providerNumberHint")}>
        {(props) => (
          <input {...props} inputMode="numeric" autoComplete="off" required value={providerNumber} onChange={(e) => { setProviderNumber(e.target.value); }} />
        )}
      </Field>
      <Field label={t("registry.clinic.name")} name="name" errors={errors}>
        {(props) => <input {...props} required value={name} onChange={(e) => { setName(e.target.value); }} />}
      </Field>
      <Field label={t("registry.clinic.address")} name="address" errors={errors}>
        {(props) => <input {...props} value={address} onChange={(e) => { setAddress(e.target.value); }} />}
      </Field>
      <Field label={t("registry.clinic.joins")} name="valid_from" errors={errors}>
        {(props) => <input {...props} type="date" required value={validFrom} onChange={(e) => { setValidFrom(e.target.value); }} />}
      </Field>
    </FormDialog>
  );
}

interface EndDialogProps<T> {
  title: string;
  question: string;
  dateLabel: string;
  submitLabel: string;
  queryKey: readonly unknown[];
  /** Read the resource (with its ETag) as the dialog opens. */
  load: () => Promise<{ data?: T; error?: unknown; response: Response }>;
  /** End it on the chosen last day, sending the ETag read on opening. */
  end: (validTo: string, etag: string) => Promise<unknown>;
}

/** "Are you sure?" with the last day (today unless changed): ending keeps the history. */
function EndDialog<T>(props: EndDialogProps<T> & ClusterDialogProps) {
  return (
    <WithCurrentVersion title={props.title} queryKey={props.queryKey} load={props.load} onClose={props.onClose}>
      {(current) => <EndForm {...props} etag={current.etag} />}
    </WithCurrentVersion>
  );
}

function EndForm<T>({ title, question, dateLabel, submitLabel, end, etag, clusterId, onClose, onSaved }: EndDialogProps<T> & ClusterDialogProps & { etag: string }) {
  const [validTo, setValidTo] = useState(todayInDenmark());
  const { t } = useI18n();
  const change = useRegistryChange(clusterId, (day: string) => end(day, etag), onSaved);
  const errors = fieldErrorsOf(change.error, t);
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(validTo); }}
      onClose={onClose}
      danger
    >
      <p>{question}</p>
      <Field label={dateLabel} name="valid_to" errors={errors}>
        {(props) => <input {...props} type="date" required value={validTo} onChange={(e) => { setValidTo(e.target.value); }} />}
      </Field>
    </FormDialog>
  );
}

export function EndClinicDialog({ clusterId, clinic, onClose, onSaved }: ClusterDialogProps & { clinic: Clinic }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { cluster_id: clusterId, clinic_id: clinic.id };
  return (
    <EndDialog
      clusterId={clusterId}
      onClose={onClose}
      onSaved={onSaved}
      title={t("registry.clinic.end")}
      question={t("registry.clinic.endQuestion", { name: clinic.name })}
      dateLabel={t("registry.clinic.lastDay")}
      submitLabel={t("registry.clinic.endSubmit")}
      queryKey={["clinic", clinic.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/clinics/{clinic_id}", { params: { path } })}
      end={(validTo, etag) =>
        unwrap(
          client.DELETE("/api/v1/clusters/{cluster_id}/clinics/{clinic_id}", {
            params: { path, header: { "If-Match": etag }, query: { valid_to: validTo } },
          }),
        )
      }
    />
  );
}

export function EndMemberDialog({ clusterId, member, onClose, onSaved }: ClusterDialogProps & { member: Member }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { cluster_id: clusterId, member_id: member.id };
  return (
    <EndDialog
      clusterId={clusterId}
      onClose={onClose}
      onSaved={onSaved}
      title={t("registry.member.end")}
      question={t("registry.member.endQuestion", { name: member.name, clinic: member.clinic_name })}
      dateLabel={t("registry.member.lastDay")}
      submitLabel={t("registry.member.endSubmit")}
      queryKey={["member", member.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/members/{member_id}", { params: { path } })}
      end={(validTo, etag) =>
        unwrap(
          client.DELETE("/api/v1/clusters/{cluster_id}/members/{member_id}", {
            params: { path, header: { "If-Match": etag }, query: { valid_to: validTo } },
          }),
        )
      }
    />
  );
}

export function EndRoleDialog({ clusterId, role, onClose, onSaved }: ClusterDialogProps & { role: ClusterRole }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { cluster_id: clusterId, role_id: role.id };
  return (
    <EndDialog
      clusterId={clusterId}
      onClose={onClose}
      onSaved={onSaved}
      title={t("registry.role.end")}
      question={t("registry.role.endQuestion", { name: role.name, role: roleLabel(role.role, t) })}
      dateLabel={t("registry.role.lastDay")}
      submitLabel={t("registry.role.endSubmit")}
      queryKey={["role", role.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/roles/{role_id}", { params: { path } })}
      end={(validTo, etag) =>
        unwrap(
          client.DELETE("/api/v1/clusters/{cluster_id}/roles/{role_id}", {
            params: { path, header: { "If-Match": etag }, query: { valid_to: validTo } },
          }),
        )
      }
    />
  );
}

const MEMBER_KINDS = Object.keys(MEMBER_KIND_KEYS) as MemberKind[];

interface MemberDialogProps extends ClusterDialogProps {
  clinics: readonly Clinic[];
  /** Edit this member; without it, add a new one. */
  member?: Member;
  /** The clinic to preselect when adding. */
  clinicId?: string;
}

/** Add a doctor at one of the cluster's clinics, or change a member's kind and e-mails. */
export function MemberDialog(props: MemberDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const { member } = props;
  if (!member) return <MemberForm {...props} />;
  const path = { cluster_id: props.clusterId, member_id: member.id };
  return (
    <WithCurrentVersion
      title={t("registry.member.editTitle", { name: member.name })}
      queryKey={["member", member.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/members/{member_id}", { params: { path } })}
      onClose={props.onClose}
    >
      {(current) => <MemberForm {...props} member={current.data} etag={current.etag} />}
    </WithCurrentVersion>
  );
}

function MemberForm({ clusterId, clinics, member, etag, clinicId, onClose, onSaved }: MemberDialogProps & { etag?: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [clinic, setClinic] = useState(clinicId ?? clinics[0]?.id ?? "");
  const [kind, setKind] = useState<MemberKind>(member?.kind ?? "owner");
  const [workEmail, setWorkEmail] = useState(member?.work_email ?? "");
  const [personalEmail, setPersonalEmail] = useState(member?.personal_email ?? "");

  const change = useRegistryChange(
    clusterId,
    () => {
      const personal = personalEmail.trim();
      if (member && etag) {
        const path = { cluster_id: clusterId, member_id: member.id };
        return unwrap(
          client.PATCH("/api/v1/clusters/{cluster_id}/members/{member_id}", {
            params: { path, header: { "If-Match": etag } },
            body: { kind, work_email: workEmail.trim(), personal_email: personal === "" ? null : personal },
          }),
        );
      }
      const work = workEmail.trim();
      return unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/members", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: {
            name: name.trim(),
            email: email.trim(),
            clinic_id: clinic,
            kind,
            work_email: work === "" ? null : work,
            personal_email: personal === "" ? null : personal,
          },
        }),
      );
    },
    onSaved,
  );
  const errors = fieldErrorsOf(change.error, t);
  return (
    <FormDialog
      title={member ? t("registry.member.editTitle", { name: member.name }) : t("registry.member.add")}
      submitLabel={member ? t("common.save") : t("registry.member.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      {member ? null : (
        <>
          <Field label={t("registry.member.name")} name="name" errors={errors}>
            {(props) => <input {...props} required autoComplete="off" value={name} onChange={(e) => { setName(e.target.value); }} />}
          </Field>
          <Field label={t("registry.member.email")} name="email" errors={errors} hint={t("registry.member.emailHint")}>
            {(props) => <input {...props} type="email" required autoComplete="off" value={email} onChange={(e) => { setEmail(e.target.value); }} />}
          </Field>
          <Field label={t("registry.member.clinic")} name="clinic_id" errors={errors}>
            {(props) => (
              <select {...props} required value={clinic} onChange={(e) => { setClinic(e.target.value); }}>
                {clinics.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      )}
      <Field label={t("registry.member.kind")} name="kind" errors={errors}>
        {(props) => (
          <select {...props} value={kind} onChange={(e) => { setKind(e.target.value as MemberKind); }}>
            {MEMBER_KINDS.map((option) => (
              <option key={option} value={option}>
                {t(MEMBER_KIND_KEYS[option])}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("registry.member.workEmail")} name="work_email" errors={errors} hint={member ? undefined : t("registry.member.workEmailHint")}>
        {(props) => <input {...props} type="email" autoComplete="off" value={workEmail} onChange={(e) => { setWorkEmail(e.target.value); }} />}
      </Field>
      <Field label={t("registry.member.personalEmail")} name="personal_email" errors={errors} hint={t("registry.member.personalEmailHint")}>
        {(props) => <input {...props} type="email" autoComplete="off" value={personalEmail} onChange={(e) => { setPersonalEmail(e.target.value); }} />}
      </Field>
    </FormDialog>
  );
}

interface AssignRoleDialogProps extends ClusterDialogProps {
  members: readonly Member[];
}

/** Give one of the cluster's doctors a role. */
export function AssignRoleDialog({ clusterId, members, onClose, onSaved }: AssignRoleDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  // A person may work at two of the cluster's clinics: offer each person once.
  const people = [...new Map(members.map((member) => [member.user_id, member.name])).entries()].sort((a, b) =>
    a[1].localeCompare(b[1], "da"),
  );
  const [userId, setUserId] = useState(people[0]?.[0] ?? "");
  const [role, setRole] = useState<ClusterRoleKind>("board_member");
  const [validFrom, setValidFrom] = useState(todayInDenmark());
  const change = useRegistryChange(
    clusterId,
    () =>
      unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/roles", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: { user_id: userId, role, valid_from: validFrom },
        }),
      ),
    onSaved,
  );
  const errors = fieldErrorsOf(change.error, t);
  return (
    <FormDialog
      title={t("registry.role.assign")}
      submitLabel={t("registry.role.assignSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Field label={t("registry.role.person")} name="user_id" errors={errors}>
        {(props) => (
          <select {...props} required value={userId} onChange={(e) => { setUserId(e.target.value); }}>
            {people.map(([id, personName]) => (
              <option key={id} value={id}>
                {personName}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("registry.role.role")} name="role" errors={errors}>
        {(props) => (
          <select {...props} value={role} onChange={(e) => { setRole(e.target.value as ClusterRoleKind); }}>
            {ROLE_KINDS.map((option) => (
              <option key={option} value={option}>
                {roleLabel(option, t)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("registry.role.from")} name="valid_from" errors={errors}>
        {(props) => <input {...props} type="date" required value={validFrom} onChange={(e) => { setValidFrom(e.target.value); }} />}
      </Field>
    </FormDialog>
  );
}

interface SubClusterDialogProps extends ClusterDialogProps {
  clinics: readonly Clinic[];
  subCluster?: SubCluster;
}

/** Make a sub-cluster (babyklynge) of some of the cluster's clinics, or change one. */
export function SubClusterDialog(props: SubClusterDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const { subCluster } = props;
  if (!subCluster) return <SubClusterForm {...props} />;
  const path = { cluster_id: props.clusterId, sub_cluster_id: subCluster.id };
  return (
    <WithCurrentVersion
      title={t("registry.subCluster.editTitle", { name: subCluster.name })}
      queryKey={["sub-cluster", subCluster.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/sub-clusters/{sub_cluster_id}", { params: { path } })}
      onClose={props.onClose}
    >
      {(current) => <SubClusterForm {...props} subCluster={current.data} etag={current.etag} />}
    </WithCurrentVersion>
  );
}

function SubClusterForm({ clusterId, clinics, subCluster, etag, onClose, onSaved }: SubClusterDialogProps & { etag?: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const [name, setName] = useState(subCluster?.name ?? "");
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set(subCluster?.clinic_ids ?? []));
  const change = useRegistryChange(
    clusterId,
    () => {
      const body = { name: name.trim(), clinic_ids: clinics.filter((c) => chosen.has(c.id)).map((c) => c.id) };
      if (subCluster && etag) {
        const path = { cluster_id: clusterId, sub_cluster_id: subCluster.id };
        return unwrap(
          client.PATCH("/api/v1/clusters/{cluster_id}/sub-clusters/{sub_cluster_id}", {
            params: { path, header: { "If-Match": etag } },
            body,
          }),
        );
      }
      return unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/sub-clusters", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body,
        }),
      );
    },
    onSaved,
  );
  const errors = fieldErrorsOf(change.error, t);
  function toggle(clinicId: string, on: boolean) {
    setChosen((previous) => {
      const next = new Set(previous);
      if (on) next.add(clinicId);
      else next.delete(clinicId);
      return next;
    });
  }
  return (
    <FormDialog
      title={subCluster ? t("registry.subCluster.editTitle", { name: subCluster.name }) : t("registry.subCluster.add")}
      submitLabel={subCluster ? t("common.save") : t("registry.subCluster.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Field label={t("registry.subCluster.name")} name="name" errors={errors}>
        {(props) => <input {...props} required value={name} onChange={(e) => { setName(e.target.value); }} />}
      </Field>
      <fieldset className="checkbox-group">
        <legend>{t("registry.subCluster.clinics")}</legend>
        {clinics.map((clinic) => (
          <label key={clinic.id} className="checkbox">
            <input type="checkbox" checked={chosen.has(clinic.id)} onChange={(e) => { toggle(clinic.id, e.target.checked); }} />
            {clinic.name}
          </label>
        ))}
        {errors.clinic_ids ? (
          <p className="field__error">
            {errors.clinic_ids.join(" ")}
          </p>
        ) : null}
      </fieldset>
    </FormDialog>
  );
}

export function DeleteSubClusterDialog({ clusterId, subCluster, onClose, onSaved }: ClusterDialogProps & { subCluster: SubCluster }) {
  const { t } = useI18n();
  const { client } = useApi();
  const path = { cluster_id: clusterId, sub_cluster_id: subCluster.id };
  return (
    <WithCurrentVersion
      title={t("registry.subCluster.delete")}
      queryKey={["sub-cluster", subCluster.id]}
      load={() => client.GET("/api/v1/clusters/{cluster_id}/sub-clusters/{sub_cluster_id}", { params: { path } })}
      onClose={onClose}
    >
      {(current) => (
        <DeleteSubClusterForm clusterId={clusterId} subCluster={subCluster} etag={current.etag} onClose={onClose} onSaved={onSaved} />
      )}
    </WithCurrentVersion>
  );
}

function DeleteSubClusterForm({ clusterId, subCluster, etag, onClose, onSaved }: ClusterDialogProps & { subCluster: SubCluster; etag: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const change = useRegistryChange(
    clusterId,
    () =>
      unwrap(
        client.DELETE("/api/v1/clusters/{cluster_id}/sub-clusters/{sub_cluster_id}", {
          params: { path: { cluster_id: clusterId, sub_cluster_id: subCluster.id }, header: { "If-Match": etag } },
        }),
      ),
    onSaved,
  );
  return (
    <FormDialog
      title={t("registry.subCluster.delete")}
      submitLabel={t("registry.subCluster.deleteSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
      danger
    >
      <p>{t("registry.subCluster.deleteQuestion", { name: subCluster.name })}</p>
    </FormDialog>
  );
}
