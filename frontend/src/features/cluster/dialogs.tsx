/**
 * The registry's changes, each in a dialog: bring a clinic in or take it out, add or edit a
 * doctor, end a membership, give or end a role, make, change or delete a sub-cluster. Every
 * change of an existing resource reads it, with its ETag, when the dialog opens and sends that
 * ETag as If-Match, so a change someone else made meanwhile is refused (412) rather than lost;
 * every creation carries an Idempotency-Key, so a repeated click creates nothing twice.
 */
import { Checkbox, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useApi } from "../../api/context";
import { queryKeys } from "../../api/queries";
import { registryKeys } from "../../api/registry";
import { unwrap } from "../../api/errors";
import type { Clinic, ClusterRole, ClusterRoleKind, Member, MemberKind, SubCluster } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
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

interface ClinicValues {
  provider_number: string;
  name: string;
  address: string;
  valid_from: string;
}

/** One field's refusals from the API (422), as the text under the field. */
function apiErrorOf(errors: Record<string, string[]>) {
  return (field: string) => errors[field]?.join(" ");
}

export function AddClinicDialog({ clusterId, onClose, onSaved }: ClusterDialogProps) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const form = useForm<ClinicValues>({
    mode: "uncontrolled",
    initialValues: { provider_number: "", name: "", address: "", valid_from: todayInDenmark() },
  });
  const change = useRegistryChange(
    clusterId,
    (values: ClinicValues) =>
      unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/clinics", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: {
            provider_number: values.provider_number.trim(),
            name: values.name.trim(),
            address: values.address.trim(),
            valid_from: values.valid_from,
          },
        }),
      ),
    onSaved,
  );
  const apiError = apiErrorOf(fieldErrorsOf(change.error, t));
  return (
    <FormDialog
      title={t("registry.clinic.add")}
      submitLabel={t("registry.clinic.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <TextInput
        required
        label={t("registry.clinic.providerNumber")}
        description={t("registry.clinic.providerNumberHint")}
        inputMode="numeric"
        autoComplete="off"
        key={form.key("provider_number")}
        {...form.getInputProps("provider_number")}
        error={apiError("provider_number")}
      />
      <TextInput required label={t("registry.clinic.name")} key={form.key("name")} {...form.getInputProps("name")} error={apiError("name")} />
      <TextInput label={t("registry.clinic.address")} key={form.key("address")} {...form.getInputProps("address")} error={apiError("address")} />
      <TextInput
        required
        type="date"
        label={t("registry.clinic.joins")}
        key={form.key("valid_from")}
        {...form.getInputProps("valid_from")}
        error={apiError("valid_from")}
      />
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
  const { t } = useI18n();
  const form = useForm({ mode: "uncontrolled", initialValues: { valid_to: todayInDenmark() } });
  const change = useRegistryChange(clusterId, (day: string) => end(day, etag), onSaved);
  const apiError = apiErrorOf(fieldErrorsOf(change.error, t));
  return (
    <FormDialog
      title={title}
      submitLabel={submitLabel}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues().valid_to); }}
      onClose={onClose}
      danger
    >
      <Text>{question}</Text>
      <TextInput
        required
        type="date"
        label={dateLabel}
        key={form.key("valid_to")}
        {...form.getInputProps("valid_to")}
        error={apiError("valid_to")}
      />
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

interface MemberValues {
  name: string;
  email: string;
  clinic_id: string;
  kind: MemberKind;
  work_email: string;
  personal_email: string;
}

function MemberForm({ clusterId, clinics, member, etag, clinicId, onClose, onSaved }: MemberDialogProps & { etag?: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const form = useForm<MemberValues>({
    mode: "uncontrolled",
    initialValues: {
      name: "",
      email: "",
      clinic_id: clinicId ?? clinics[0]?.id ?? "",
      kind: member?.kind ?? "owner",
      work_email: member?.work_email ?? "",
      personal_email: member?.personal_email ?? "",
    },
  });

  const change = useRegistryChange(
    clusterId,
    (values: MemberValues) => {
      const personal = values.personal_email.trim();
      if (member && etag) {
        const path = { cluster_id: clusterId, member_id: member.id };
        return unwrap(
          client.PATCH("/api/v1/clusters/{cluster_id}/members/{member_id}", {
            params: { path, header: { "If-Match": etag } },
            body: { kind: values.kind, work_email: values.work_email.trim(), personal_email: personal === "" ? null : personal },
          }),
        );
      }
      const work = values.work_email.trim();
      return unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/members", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: {
            name: values.name.trim(),
            email: values.email.trim(),
            clinic_id: values.clinic_id,
            kind: values.kind,
            work_email: work === "" ? null : work,
            personal_email: personal === "" ? null : personal,
          },
        }),
      );
    },
    onSaved,
  );
  const apiError = apiErrorOf(fieldErrorsOf(change.error, t));
  return (
    <FormDialog
      title={member ? t("registry.member.editTitle", { name: member.name }) : t("registry.member.add")}
      submitLabel={member ? t("common.save") : t("registry.member.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      {member ? null : (
        <>
          <TextInput
            required
            autoComplete="off"
            label={t("registry.member.name")}
            key={form.key("name")}
            {...form.getInputProps("name")}
            error={apiError("name")}
          />
          <TextInput
            required
            type="email"
            autoComplete="off"
            label={t("registry.member.email")}
            description={t("registry.member.emailHint")}
            key={form.key("email")}
            {...form.getInputProps("email")}
            error={apiError("email")}
          />
          <NativeSelect
            required
            label={t("registry.member.clinic")}
            data={clinics.map((option) => ({ value: option.id, label: option.name }))}
            key={form.key("clinic_id")}
            {...form.getInputProps("clinic_id")}
            error={apiError("clinic_id")}
          />
        </>
      )}
      <NativeSelect
        label={t("registry.member.kind")}
        data={MEMBER_KINDS.map((option) => ({ value: option, label: t(MEMBER_KIND_KEYS[option]) }))}
        key={form.key("kind")}
        {...form.getInputProps("kind")}
        error={apiError("kind")}
      />
      <TextInput
        type="email"
        autoComplete="off"
        label={t("registry.member.workEmail")}
        description={member ? undefined : t("registry.member.workEmailHint")}
        key={form.key("work_email")}
        {...form.getInputProps("work_email")}
        error={apiError("work_email")}
      />
      <TextInput
        type="email"
        autoComplete="off"
        label={t("registry.member.personalEmail")}
        description={t("registry.member.personalEmailHint")}
        key={form.key("personal_email")}
        {...form.getInputProps("personal_email")}
        error={apiError("personal_email")}
      />
    </FormDialog>
  );
}

interface AssignRoleDialogProps extends ClusterDialogProps {
  members: readonly Member[];
}

interface RoleValues {
  user_id: string;
  role: ClusterRoleKind;
  valid_from: string;
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
  const form = useForm<RoleValues>({
    mode: "uncontrolled",
    initialValues: { user_id: people[0]?.[0] ?? "", role: "board_member", valid_from: todayInDenmark() },
  });
  const change = useRegistryChange(
    clusterId,
    (values: RoleValues) =>
      unwrap(
        client.POST("/api/v1/clusters/{cluster_id}/roles", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: values,
        }),
      ),
    onSaved,
  );
  const apiError = apiErrorOf(fieldErrorsOf(change.error, t));
  return (
    <FormDialog
      title={t("registry.role.assign")}
      submitLabel={t("registry.role.assignSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <NativeSelect
        required
        label={t("registry.role.person")}
        data={people.map(([id, personName]) => ({ value: id, label: personName }))}
        key={form.key("user_id")}
        {...form.getInputProps("user_id")}
        error={apiError("user_id")}
      />
      <NativeSelect
        label={t("registry.role.role")}
        data={ROLE_KINDS.map((option) => ({ value: option, label: roleLabel(option, t) }))}
        key={form.key("role")}
        {...form.getInputProps("role")}
        error={apiError("role")}
      />
      <TextInput
        required
        type="date"
        label={t("registry.role.from")}
        key={form.key("valid_from")}
        {...form.getInputProps("valid_from")}
        error={apiError("valid_from")}
      />
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

interface SubClusterValues {
  name: string;
  clinic_ids: string[];
}

function SubClusterForm({ clusterId, clinics, subCluster, etag, onClose, onSaved }: SubClusterDialogProps & { etag?: string }) {
  const { t } = useI18n();
  const { client } = useApi();
  const key = useIdempotencyKey();
  const form = useForm<SubClusterValues>({
    mode: "uncontrolled",
    initialValues: { name: subCluster?.name ?? "", clinic_ids: [...(subCluster?.clinic_ids ?? [])] },
  });
  const change = useRegistryChange(
    clusterId,
    (values: SubClusterValues) => {
      // The clinics go in the order the cluster lists them, whatever order they were ticked in.
      const chosen = new Set(values.clinic_ids);
      const body = { name: values.name.trim(), clinic_ids: clinics.filter((c) => chosen.has(c.id)).map((c) => c.id) };
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
  const apiError = apiErrorOf(fieldErrorsOf(change.error, t));
  return (
    <FormDialog
      title={subCluster ? t("registry.subCluster.editTitle", { name: subCluster.name }) : t("registry.subCluster.add")}
      submitLabel={subCluster ? t("common.save") : t("registry.subCluster.addSubmit")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <TextInput required label={t("registry.subCluster.name")} key={form.key("name")} {...form.getInputProps("name")} error={apiError("name")} />
      <Checkbox.Group
        label={t("registry.subCluster.clinics")}
        key={form.key("clinic_ids")}
        {...form.getInputProps("clinic_ids")}
        error={apiError("clinic_ids")}
      >
        <Stack gap="xs" mt="xs">
          {clinics.map((clinic) => (
            <Checkbox key={clinic.id} value={clinic.id} label={clinic.name} />
          ))}
        </Stack>
      </Checkbox.Group>
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
      <Text>{t("registry.subCluster.deleteQuestion", { name: subCluster.name })}</Text>
    </FormDialog>
  );
}
