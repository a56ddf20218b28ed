/**
 * Who arranges a meeting or speaks to an agenda item: searchable pickers over the cluster's
 * sub-clusters, clinics and members, grouped by kind.
 */
import { Select, TextInput, type ComboboxItem, type ComboboxItemGroup } from "@mantine/core";
import { useClinics, useMembers, useSubClusters } from "../../api/registry";
import type { Meeting } from "../../api/types";
import { useI18n } from "../../i18n/context";
import type { MessageKey } from "../../i18n/messages/da";

export type ResponsibleKind = Meeting["responsible"]["kind"];
export interface ResponsibleRef {
  kind: ResponsibleKind;
  id: string;
}

/** The value a picker holds for a party; the cluster itself (its planners) is `CLUSTER_ITSELF`. */
export const CLUSTER_ITSELF = "cluster";

export function responsibleValue(party: ResponsibleRef | null): string {
  return party ? `${party.kind}:${party.id}` : CLUSTER_ITSELF;
}

export function parseResponsible(value: string | null): ResponsibleRef | null {
  if (!value || value === CLUSTER_ITSELF) return null;
  const [kind, id] = value.split(":");
  if (!id || (kind !== "user" && kind !== "sub_cluster" && kind !== "clinic")) return null;
  return { kind, id };
}

export const RESPONSIBLE_KIND_KEYS = {
  user: "responsible.kind.user",
  sub_cluster: "responsible.kind.sub_cluster",
  clinic: "responsible.kind.clinic",
} as const satisfies Record<ResponsibleKind, MessageKey>;

/** The cluster's people, each once, by name. */
function useMemberOptions(clusterId: string) {
  const members = useMembers(clusterId);
  const seen = new Map<string, string>();
  for (const member of members.data ?? []) {
    if (!seen.has(member.user_id)) seen.set(member.user_id, member.name);
  }
  return { members, options: [...seen].map(([id, name]) => ({ value: `user:${id}`, label: name })).sort((a, b) => a.label.localeCompare(b.label, "da")) };
}

/** The groups of a picker: the cluster itself, sub-clusters, clinics and (unless left out) members. */
export function useResponsibleGroups(clusterId: string, { withCluster = true, withMembers = true } = {}) {
  const { t } = useI18n();
  const subClusters = useSubClusters(clusterId);
  const clinics = useClinics(clusterId);
  const { members, options: memberOptions } = useMemberOptions(clusterId);
  const groups: ComboboxItemGroup<ComboboxItem>[] = [];
  if (withCluster) groups.push({ group: t("responsible.group.cluster"), items: [{ value: CLUSTER_ITSELF, label: t("responsible.clusterItself") }] });
  const subs = (subClusters.data ?? []).map((sub) => ({ value: `sub_cluster:${sub.id}`, label: sub.name }));
  if (subs.length > 0) groups.push({ group: t("responsible.group.sub_cluster"), items: subs });
  const clinicItems = (clinics.data ?? []).map((clinic) => ({ value: `clinic:${clinic.id}`, label: clinic.name }));
  if (clinicItems.length > 0) groups.push({ group: t("responsible.group.clinic"), items: clinicItems });
  if (withMembers && memberOptions.length > 0) groups.push({ group: t("responsible.group.user"), items: memberOptions });
  const loading = subClusters.isPending || clinics.isPending || (withMembers && members.isPending);
  return { groups, loading };
}

/** The meeting's responsible: the cluster itself (default), a sub-cluster, a clinic or a member. */
export function ResponsiblePicker({
  clusterId,
  value,
  onChange,
  current,
  error,
}: {
  clusterId: string;
  value: ResponsibleRef | null;
  onChange: (party: ResponsibleRef | null) => void;
  /** The meeting's responsible as saved, shown even before the lists load. */
  current?: Meeting["responsible"] | null;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const { groups, loading } = useResponsibleGroups(clusterId);
  const selected = responsibleValue(value);
  const known = groups.some((group) => group.items.some((item) => item.value === selected));
  const data = !known && current && value ? [...groups, { group: t(RESPONSIBLE_KIND_KEYS[current.kind]), items: [{ value: selected, label: current.name }] }] : groups;
  return (
    <Select
      label={t("responsible.label")}
      description={t("responsible.hint")}
      data={data}
      value={selected}
      onChange={(next) => { onChange(parseResponsible(next)); }}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t("responsible.nothingFound")}
      disabled={loading && groups.length === 0}
      error={error}
      comboboxProps={{ withinPortal: true }}
      mb="md"
    />
  );
}

/** An agenda item's responsible: a member of the cluster, or a guest named in free text. */
export function AgendaResponsibleFields({
  clusterId,
  number,
  userId,
  guestName,
  onChange,
  error,
}: {
  clusterId: string;
  number: string;
  userId: string | null;
  guestName: string | null;
  onChange: (change: { responsibleUserId: string | null; responsibleName: string | null }) => void;
  error?: string | undefined;
}) {
  const { t } = useI18n();
  const { options } = useMemberOptions(clusterId);
  return (
    <>
      <Select
        label={t("meetingForm.agenda.itemResponsible", { number })}
        placeholder={t("meetingForm.agenda.noResponsible")}
        data={options}
        value={userId ? `user:${userId}` : null}
        onChange={(next) => { onChange({ responsibleUserId: parseResponsible(next)?.id ?? null, responsibleName: null }); }}
        searchable
        clearable
        nothingFoundMessage={t("responsible.nothingFound")}
        error={error}
        comboboxProps={{ withinPortal: true }}
        mb="sm"
      />
      {userId ? null : (
        <TextInput
          label={t("meetingForm.agenda.itemGuest", { number })}
          value={guestName ?? ""}
          maxLength={200}
          onChange={(e) => { onChange({ responsibleUserId: null, responsibleName: e.currentTarget.value || null }); }}
        />
      )}
    </>
  );
}
