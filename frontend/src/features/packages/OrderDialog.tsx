/** Order a package for one of the person's clusters: for a meeting or a period, with a message. */
import { NativeSelect, Radio, Group, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { useClusterMeetings, useNow } from "../../api/meetings";
import { orderPackage, packageKeys, type OrderBody } from "../../api/packages";
import type { MyCluster, PackageDetail } from "../../api/types";
import { FormDialog, useChange, useIdempotencyKey } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";
import { formatMeetingTime } from "../../i18n/format";

interface Props {
  pkg: PackageDetail;
  /** The clusters the person orders for (one or more). */
  clusters: readonly MyCluster[];
  onClose: () => void;
  onDone: (message: string) => void;
}

type Wish = "period" | "meeting";

export function OrderDialog({ pkg, clusters, onClose, onDone }: Props) {
  const { t, locale } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const now = useNow();
  const [clusterId, setClusterId] = useState(clusters[0]?.id ?? "");
  const [wish, setWish] = useState<Wish>("period");
  const [meetingId, setMeetingId] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [message, setMessage] = useState("");
  const meetings = useClusterMeetings(clusterId, now);
  const upcoming = (meetings.data ?? []).filter((meeting) => meeting.status !== "cancelled");
  const cluster = clusters.find((candidate) => candidate.id === clusterId);
  const order = useChange(
    [packageKeys.orders],
    (body: OrderBody) => orderPackage(api, clusterId, body, key),
    () => { onDone(t("packages.order.done", { title: pkg.title, unit: pkg.unit_name })); },
  );
  function submit() {
    const body: OrderBody = { package_id: pkg.id, message };
    if (wish === "meeting" && meetingId) body.meeting_id = meetingId;
    if (wish === "period") {
      if (from) body.wished_from = from;
      if (to) body.wished_to = to;
    }
    order.mutate(body);
  }
  return (
    <FormDialog
      title={t("packages.order.title", { title: pkg.title })}
      submitLabel={t("packages.order.submit")}
      pendingLabel={t("packages.order.sending")}
      pending={order.isPending}
      error={order.error}
      onSubmit={submit}
      onClose={onClose}
      showFieldErrors
    >
      <Stack gap="sm">
        {clusters.length > 1 ? (
          <NativeSelect
            label={t("packages.order.cluster")}
            value={clusterId}
            onChange={(event) => { setClusterId(event.currentTarget.value); setMeetingId(""); }}
            data={clusters.map((option) => ({ value: option.id, label: option.name }))}
          />
        ) : null}
        <Radio.Group
          label={t("packages.order.forLabel", { cluster: cluster?.name ?? "" })}
          value={wish}
          onChange={(value) => { setWish(value); }}
        >
          <Group gap="md" mt={4}>
            <Radio value="period" label={t("packages.order.forPeriod")} />
            <Radio value="meeting" label={t("packages.order.forAMeeting")} />
          </Group>
        </Radio.Group>
        {wish === "period" ? (
          <Group gap="sm" grow wrap="wrap">
            <TextInput type="date" miw={150} label={t("packages.order.from")} value={from} onChange={(event) => { setFrom(event.currentTarget.value); }} />
            <TextInput type="date" miw={150} label={t("packages.order.to")} value={to} onChange={(event) => { setTo(event.currentTarget.value); }} />
          </Group>
        ) : (
          <NativeSelect
            label={t("packages.order.meeting")}
            value={meetingId}
            onChange={(event) => { setMeetingId(event.currentTarget.value); }}
            disabled={meetings.isPending}
            data={[
              { value: "", label: upcoming.length ? t("packages.order.chooseMeeting") : t("packages.order.noMeetings") },
              ...upcoming.map((meeting) => ({ value: meeting.id, label: `${meeting.title} · ${formatMeetingTime(meeting.starts_at, locale)}` })),
            ]}
          />
        )}
        <Textarea
          label={t("packages.order.message")}
          description={t("packages.order.messageHint")}
          autosize
          minRows={3}
          maxLength={5000}
          value={message}
          onChange={(event) => { setMessage(event.currentTarget.value); }}
        />
      </Stack>
    </FormDialog>
  );
}
