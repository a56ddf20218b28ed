/**
 * Plan a new meeting or change one, with its agenda. Editing reads the meeting with its ETag as
 * the form opens; the change and the agenda are sent with If-Match, so a change someone else
 * made meanwhile is refused (412) rather than overwritten. The whole agenda is one request.
 */
import "../theme/pageStyles";
import { Button, Group, NativeSelect, Paper, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowDown, IconArrowUp, IconCalendar, IconClock, IconDeviceFloppy, IconMapPin, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { unwrap } from "../api/errors";
import { meetingKeys } from "../api/meetings";
import { useMe } from "../api/queries";
import { useCurrentVersion, useCluster } from "../api/registry";
import type { AgendaItemWrite, MeetingDetail, MeetingKind } from "../api/types";
import { meetingPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { fieldErrorsOf, FormDialog, useIdempotencyKey } from "../components/dialogs";
import { RowMenu } from "../components/RowMenu";
import { KIND_KEYS, MEETING_KINDS } from "../features/meetings/labels";
import { AgendaUse } from "../features/meetings/notices";
import { AgendaResponsibleFields, ResponsiblePicker, type ResponsibleRef } from "../features/meetings/responsibles";
import { useI18n } from "../i18n/context";
import { fromDanishInputs, toDanishInputs, todayInDenmark } from "../i18n/format";

interface DraftItem {
  /** A key for React; the API's id for an existing item. */
  key: string;
  id: string | null;
  title: string;
  minutes: string;
  description: string;
  /** A member of the cluster, or else a guest speaker named in free text. */
  responsibleUserId: string | null;
  responsibleName: string | null;
  /** Kept as it is: the builder does not edit it, and replacing the agenda must not lose it. */
  slideReference: string | null;
}

interface FormValues {
  title: string;
  description: string;
  kind: MeetingKind;
  date: string;
  start: string;
  end: string;
  rsvpDate: string;
  placeName: string;
  placeAddress: string;
  videoUrl: string;
  planned: boolean;
}

function valuesOf(meeting: MeetingDetail | null): FormValues {
  if (!meeting) {
    return {
      title: "",
      description: "",
      kind: "after_work",
      date: todayInDenmark(),
      start: "16:30",
      end: "20:00",
      rsvpDate: "",
      placeName: "",
      placeAddress: "",
      videoUrl: "",
      planned: true,
    };
  }
  const start = toDanishInputs(meeting.starts_at);
  return {
    title: meeting.title,
    description: meeting.description,
    kind: meeting.kind,
    date: start.date,
    start: start.time,
    end: toDanishInputs(meeting.ends_at).time,
    rsvpDate: meeting.rsvp_by ? toDanishInputs(meeting.rsvp_by).date : "",
    placeName: meeting.place_name ?? "",
    placeAddress: meeting.place_address ?? "",
    videoUrl: meeting.video_url ?? "",
    planned: meeting.status !== "draft",
  };
}

let counter = 0;
function newKey(): string {
  counter += 1;
  return `new-${String(counter)}`;
}

function itemsOf(meeting: MeetingDetail | null): DraftItem[] {
  if (!meeting) return [];
  return [...meeting.agenda_items]
    .sort((a, b) => a.position - b.position)
    .map((item) => ({
      key: item.id,
      id: item.id,
      title: item.title,
      minutes: String(item.duration_minutes),
      description: item.description,
      responsibleUserId: item.responsible_user_id,
      // For a member the API names them; only a guest's name is the item's own.
      responsibleName: item.responsible_user_id ? null : item.responsible_name,
      slideReference: item.slide_reference,
    }));
}

/** The meeting's length in minutes from the form's times (an end before the start is the next day). */
export function formLength(values: Pick<FormValues, "start" | "end">): number {
  const [sh = 0, sm = 0] = values.start.split(":").map(Number);
  const [eh = 0, em = 0] = values.end.split(":").map(Number);
  let length = eh * 60 + em - (sh * 60 + sm);
  if (length <= 0) length += 24 * 60;
  return length;
}

function toMinutes(text: string): number {
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) && value >= 0 ? value : 0;
}

function AgendaBuilder({ clusterId, items, setItems, length, errors }: { clusterId: string; items: DraftItem[]; setItems: (items: DraftItem[]) => void; length: number; errors: Record<string, string[]> }) {
  const { t, formatNumber } = useI18n();
  const headingId = useId();
  const used = items.reduce((sum, item) => sum + toMinutes(item.minutes), 0);
  const [announcement, setAnnouncement] = useState("");
  const [removing, setRemoving] = useState<DraftItem | null>(null);
  const fieldError = (index: number, name: string) => errors[`items.${String(index)}.${name}`]?.join(" ");
  function update(index: number, change: Partial<DraftItem>) {
    setItems(items.map((item, i) => (i === index ? { ...item, ...change } : item)));
  }
  function move(index: number, by: -1 | 1) {
    const target = index + by;
    if (target < 0 || target >= items.length) return;
    const next = [...items];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(target, 0, moved);
    setItems(next);
    setAnnouncement(t("meetingForm.agenda.moved", { title: moved.title || t("meetingForm.agenda.untitled"), position: formatNumber(target + 1) }));
    // Keep the focus on the same button of the moved item, so moving again is one more key press.
    const buttonLabel = by < 0 ? "up" : "down";
    requestAnimationFrame(() => {
      document.querySelector<HTMLButtonElement>(`[data-move="${moved.key}-${buttonLabel}"]`)?.focus();
    });
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <Title order={2} id={headingId}>
        {t("meetingForm.agenda.title")}
      </Title>
      <AgendaUse used={used} length={length} alert />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {items.length === 0 ? <Text c="dimmed">{t("meeting.agenda.empty")}</Text> : null}
      <Stack component="ol" gap="sm" p={0} my="sm" style={{ listStyle: "none" }}>
        {items.map((item, index) => {
          const label = item.title || t("meetingForm.agenda.untitled");
          const number = formatNumber(index + 1);
          return (
            <Paper component="li" key={item.key} withBorder p="sm">
              <Stack gap="xs">
                <Group align="flex-start" gap="sm" wrap="wrap">
                  <TextInput
                    style={{ flex: "1 1 14rem" }}
                    label={t("meetingForm.agenda.itemTitle", { number })}
                    value={item.title}
                    onChange={(e) => { update(index, { title: e.currentTarget.value }); }}
                    error={fieldError(index, "title")}
                  />
                  <TextInput
                    w="8rem"
                    type="number"
                    min={0}
                    max={1440}
                    inputMode="numeric"
                    label={t("meetingForm.agenda.itemMinutes", { number })}
                    value={item.minutes}
                    onChange={(e) => { update(index, { minutes: e.currentTarget.value }); }}
                    error={fieldError(index, "duration_minutes")}
                  />
                </Group>
                <Textarea
                  rows={2}
                  label={t("meetingForm.agenda.itemDescription", { number })}
                  value={item.description}
                  onChange={(e) => { update(index, { description: e.currentTarget.value }); }}
                  error={fieldError(index, "description")}
                />
                <AgendaResponsibleFields
                  clusterId={clusterId}
                  number={number}
                  userId={item.responsibleUserId}
                  guestName={item.responsibleName}
                  onChange={(change) => { update(index, change); }}
                  error={fieldError(index, "responsible_user_id")}
                />
                <Group gap="xs" justify="space-between">
                  <Group gap="xs">
                    <Button size="xs" variant="default" leftSection={<IconArrowUp size={14} aria-hidden />} data-move={`${item.key}-up`} aria-label={t("meetingForm.agenda.upLabel", { title: label })} disabled={index === 0} onClick={() => { move(index, -1); }}>
                      {t("meetingForm.agenda.up")}
                    </Button>
                    <Button size="xs" variant="default" leftSection={<IconArrowDown size={14} aria-hidden />} data-move={`${item.key}-down`} aria-label={t("meetingForm.agenda.downLabel", { title: label })} disabled={index === items.length - 1} onClick={() => { move(index, 1); }}>
                      {t("meetingForm.agenda.down")}
                    </Button>
                  </Group>
                  <RowMenu about={label} actions={[{ label: t("meetingForm.agenda.remove"), danger: true, onClick: () => { setRemoving(item); } }]} />
                </Group>
              </Stack>
            </Paper>
          );
        })}
      </Stack>
      <Button variant="default" leftSection={<IconPlus size={18} aria-hidden />} onClick={() => { setItems([...items, { key: newKey(), id: null, title: "", minutes: "15", description: "", responsibleUserId: null, responsibleName: null, slideReference: null }]); }}>
        {t("meetingForm.agenda.add")}
      </Button>
      {removing ? (
        <FormDialog
          title={t("meetingForm.agenda.removeTitle")}
          submitLabel={t("meetingForm.agenda.removeSubmit")}
          pending={false}
          error={null}
          danger
          onClose={() => { setRemoving(null); }}
          onSubmit={() => {
            setItems(items.filter((item) => item.key !== removing.key));
            setRemoving(null);
          }}
        >
          <Text>{t("meetingForm.agenda.removeQuestion", { title: removing.title || t("meetingForm.agenda.untitled") })}</Text>
        </FormDialog>
      ) : null}
    </section>
  );
}

function MeetingForm({ clusterId, current }: { clusterId: string; current: { data: MeetingDetail; etag: string } | null }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  const meeting = current?.data ?? null;
  // Controlled: the agenda's use of the meeting's length follows the times as they are typed.
  const form = useForm<FormValues & { items: DraftItem[] }>({ initialValues: { ...valuesOf(meeting), items: itemsOf(meeting) } });
  const { items, ...values } = form.values;
  const setItems = (next: DraftItem[]) => { form.setFieldValue("items", next); };
  const me = useMe();
  const myId = me.data?.id ?? null;
  /** The meeting's responsible as saved: the planner themself counts as "the cluster itself". */
  const savedResponsible: ResponsibleRef | null =
    meeting && !(meeting.responsible.kind === "user" && meeting.responsible.id === myId) ? { kind: meeting.responsible.kind, id: meeting.responsible.id } : null;
  const [responsible, setResponsible] = useState<ResponsibleRef | null | undefined>(undefined);
  /** Until the person changes it, the saved one (known once `me` has loaded). */
  const chosenResponsible = responsible === undefined ? savedResponsible : responsible;
  const length = formLength(values);

  /** The meeting's ETag now (a creation's answer does not carry one). */
  const currentEtag = async (meetingId: string): Promise<string> => {
    const result = await client.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } });
    await unwrap(Promise.resolve(result));
    return result.response.headers.get("ETag") ?? "";
  };

  const save = useMutation({
    mutationFn: async () => {
      const startsAt = fromDanishInputs(values.date, values.start) ?? "";
      let endsAt = fromDanishInputs(values.date, values.end) ?? "";
      if (startsAt && endsAt && Date.parse(endsAt) <= Date.parse(startsAt)) {
        endsAt = new Date(Date.parse(endsAt) + 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      }
      const fields = {
        title: values.title.trim(),
        description: values.description.trim(),
        kind: values.kind,
        starts_at: startsAt,
        ends_at: endsAt,
        rsvp_by: values.rsvpDate ? fromDanishInputs(values.rsvpDate, "23:59") : null,
        place_name: values.placeName.trim() || null,
        place_address: values.placeAddress.trim() || null,
        video_url: values.videoUrl.trim() || null,
      };
      let meetingId: string;
      let etag: string;
      // The cluster itself: the planner stands as responsible (the API's default on creation).
      const party = chosenResponsible ?? (myId ? { kind: "user" as const, id: myId } : null);
      const responsibleChanged = responsible !== undefined && JSON.stringify(responsible) !== JSON.stringify(savedResponsible);
      if (!current) {
        const result = await client.POST("/api/v1/clusters/{cluster_id}/meetings", {
          params: { path: { cluster_id: clusterId }, header: { "Idempotency-Key": key } },
          body: { ...fields, status: values.planned ? "planned" : "draft", ...(chosenResponsible ? { responsible: chosenResponsible } : {}) },
        });
        const created = await unwrap(Promise.resolve(result));
        meetingId = created.id;
        etag = result.response.headers.get("ETag") ?? (await currentEtag(meetingId));
      } else {
        meetingId = current.data.id;
        const changes = { ...fields, ...(responsibleChanged && party ? { responsible: party } : {}) };
        const result = await client.PATCH("/api/v1/meetings/{meeting_id}", {
          params: { path: { meeting_id: meetingId }, header: { "If-Match": current.etag } },
          body: current.data.status === "draft" && values.planned ? { ...changes, status: "planned" } : changes,
        });
        await unwrap(Promise.resolve(result));
        etag = result.response.headers.get("ETag") ?? current.etag;
      }
      const agenda: AgendaItemWrite[] = items.map((item) => ({
        ...(item.id ? { id: item.id } : {}),
        title: item.title.trim(),
        duration_minutes: toMinutes(item.minutes),
        description: item.description.trim(),
        ...(item.responsibleUserId ? { responsible_user_id: item.responsibleUserId } : {}),
        ...(!item.responsibleUserId && item.responsibleName?.trim() ? { responsible_name: item.responsibleName.trim() } : {}),
        ...(item.slideReference ? { slide_reference: item.slideReference } : {}),
      }));
      const unchanged = current !== null && JSON.stringify(itemsOf(current.data)) === JSON.stringify(items);
      if (!unchanged && (current !== null || agenda.length > 0)) {
        await unwrap(
          client.PUT("/api/v1/meetings/{meeting_id}/agenda-items", {
            params: { path: { meeting_id: meetingId }, header: { "If-Match": etag } },
            body: { items: agenda },
          }),
        );
      }
      return meetingId;
    },
    onSuccess: async (meetingId) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: meetingKeys.meeting(meetingId) }),
        queryClient.invalidateQueries({ queryKey: ["cluster-meetings"] }),
        queryClient.invalidateQueries({ queryKey: meetingKeys.myMeetings }),
      ]);
      await navigate(meetingPath(meetingId));
    },
  });
  const errors = fieldErrorsOf(save.error, t, locale);
  const apiError = (name: string) => errors[name]?.join(" ");
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  // Required fields carry `required` without Mantine's asterisk: every field the API refuses says so beside it.
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" className="panel">
        <TextInput required withAsterisk={false} label={t("meetingForm.title")} {...form.getInputProps("title")} error={apiError("title")} />
        <NativeSelect
          label={t("meetingForm.kind")}
          data={MEETING_KINDS.map((kind) => ({ value: kind, label: t(KIND_KEYS[kind]) }))}
          {...form.getInputProps("kind")}
          error={apiError("kind")}
        />
        <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
          <TextInput type="date" required withAsterisk={false} miw={150} label={t("meetingForm.date")} leftSection={<IconCalendar size={18} aria-hidden />} {...form.getInputProps("date")} error={apiError("starts_at")} />
          <TextInput type="time" required withAsterisk={false} miw={110} label={t("meetingForm.start")} leftSection={<IconClock size={18} aria-hidden />} {...form.getInputProps("start")} error={apiError("start")} />
          <TextInput type="time" required withAsterisk={false} miw={110} label={t("meetingForm.end")} leftSection={<IconClock size={18} aria-hidden />} {...form.getInputProps("end")} error={apiError("ends_at")} />
        </Group>
        <ResponsiblePicker
          clusterId={clusterId}
          value={chosenResponsible}
          onChange={setResponsible}
          current={meeting?.responsible ?? null}
          error={apiError("responsible")}
        />
        <TextInput label={t("meetingForm.placeName")} leftSection={<IconMapPin size={18} aria-hidden />} {...form.getInputProps("placeName")} error={apiError("place_name")} />
        <TextInput label={t("meetingForm.placeAddress")} {...form.getInputProps("placeAddress")} error={apiError("place_address")} />
        <TextInput type="url" label={t("meetingForm.videoUrl")} {...form.getInputProps("videoUrl")} error={apiError("video_url")} />
        <TextInput type="date" label={t("meetingForm.rsvpBy")} {...form.getInputProps("rsvpDate")} error={apiError("rsvp_by")} />
        <Textarea rows={3} label={t("meetingForm.description")} {...form.getInputProps("description")} error={apiError("description")} />
        {!meeting || meeting.status === "draft" ? (
          <Radio.Group
            label={t("meetingForm.status")}
            value={values.planned ? "planned" : "draft"}
            onChange={(value) => { form.setFieldValue("planned", value === "planned"); }}
          >
            <Stack gap="xs" mt="xs">
              <Radio value="planned" label={t("meetingForm.statusPlanned")} />
              <Radio value="draft" label={t("meetingForm.statusDraft")} />
            </Stack>
          </Radio.Group>
        ) : null}
      </Stack>
      <AgendaBuilder clusterId={clusterId} items={items} setItems={setItems} length={length} errors={errors} />
      {save.error ? <ErrorState error={save.error} showFieldErrors={false} /> : null}
      <Group gap="sm" my="md">
        <Button type="submit" disabled={save.isPending} leftSection={<IconDeviceFloppy size={18} aria-hidden />}>
          {save.isPending ? t("common.saving") : t("meetingForm.save")}
        </Button>
        <Button variant="default" onClick={() => void navigate(-1)}>
          {t("common.cancel")}
        </Button>
      </Group>
    </form>
  );
}

/** /klynger/:clusterId/moeder/nyt */
export function NewMeetingPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  useDocumentTitle("meetingForm.newTitle");
  return (
    <>
      <Title order={1}>{t("meetingForm.newTitle")}</Title>
      {cluster.data ? <Text size="lg">{cluster.data.name}</Text> : null}
      <MeetingForm clusterId={clusterId} current={null} />
    </>
  );
}

/** /moeder/:meetingId/rediger */
export default function EditMeetingPage() {
  const { t } = useI18n();
  const { client } = useApi();
  const { meetingId = "" } = useParams();
  useDocumentTitle("meetingForm.editTitle");
  const current = useCurrentVersion(["meeting", meetingId], () =>
    client.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } }),
  );
  return (
    <>
      <Title order={1}>{t("meetingForm.editTitle")}</Title>
      {current.isPending ? <LoadingState /> : null}
      {current.isError ? <ErrorState error={current.error} onRetry={() => void current.refetch()} /> : null}
      {current.data ? (
        <>
          <Text size="lg">{current.data.data.title}</Text>
          <MeetingForm clusterId={current.data.data.cluster_id} current={current.data} />
        </>
      ) : null}
    </>
  );
}
