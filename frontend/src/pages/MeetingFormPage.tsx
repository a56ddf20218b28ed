/**
 * Plan a new meeting or change one, with its agenda. Editing reads the meeting with its ETag as
 * the form opens; the change and the agenda are sent with If-Match, so a change someone else
 * made meanwhile is refused (412) rather than overwritten. The whole agenda is one request.
 */
import "../theme/pageStyles";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type SubmitEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { fieldErrorsOf } from "../api/errorCodes";
import { unwrap } from "../api/errors";
import { meetingKeys } from "../api/meetings";
import { useMe } from "../api/queries";
import { useCurrentVersion, useCluster } from "../api/registry";
import type { AgendaItemWrite, MeetingDetail, MeetingKind } from "../api/types";
import { meetingPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { Field } from "../components/fields";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useIdempotencyKey } from "../components/dialogs";
import { KIND_KEYS, MEETING_KINDS } from "../features/meetings/labels";
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
  const over = used > length;
  const [announcement, setAnnouncement] = useState("");
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
      <h2 id={headingId}>{t("meetingForm.agenda.title")}</h2>
      <p className={over ? "notice notice--warning" : "muted"} role={over ? "alert" : undefined}>
        {t("meeting.agenda.used", { used: formatNumber(used), length: formatNumber(length) })}
        {over ? ` ${t("meeting.agenda.overrun", { minutes: formatNumber(used - length) })}` : ""}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {items.length === 0 ? <p className="muted">{t("meeting.agenda.empty")}</p> : null}
      <ol className="agenda-builder">
        {items.map((item, index) => {
          const label = item.title || t("meetingForm.agenda.untitled");
          return (
            <li key={item.key} className="agenda-builder__item">
              <div className="agenda-builder__fields">
                <Field label={t("meetingForm.agenda.itemTitle", { number: formatNumber(index + 1) })} name={`items.${String(index)}.title`} errors={errors}>
                  {(props) => <input {...props} value={item.title} onChange={(e) => { update(index, { title: e.target.value }); }} />}
                </Field>
                <Field label={t("meetingForm.agenda.itemMinutes", { number: formatNumber(index + 1) })} name={`items.${String(index)}.duration_minutes`} errors={errors}>
                  {(props) => (
                    <input {...props} type="number" min={0} max={1440} inputMode="numeric" className="input--short" value={item.minutes} onChange={(e) => { update(index, { minutes: e.target.value }); }} />
                  )}
                </Field>
                <Field label={t("meetingForm.agenda.itemDescription", { number: formatNumber(index + 1) })} name={`items.${String(index)}.description`} errors={errors}>
                  {(props) => <textarea {...props} rows={2} value={item.description} onChange={(e) => { update(index, { description: e.target.value }); }} />}
                </Field>
                <AgendaResponsibleFields
                  clusterId={clusterId}
                  number={formatNumber(index + 1)}
                  userId={item.responsibleUserId}
                  guestName={item.responsibleName}
                  onChange={(change) => { update(index, change); }}
                  error={errors[`items.${String(index)}.responsible_user_id`]?.join(" ")}
                />
              </div>
              <div className="row-actions">
                <button type="button" className="button button--small button--secondary" data-move={`${item.key}-up`} aria-label={t("meetingForm.agenda.upLabel", { title: label })} disabled={index === 0} onClick={() => { move(index, -1); }}>
                  {t("meetingForm.agenda.up")}
                </button>
                <button type="button" className="button button--small button--secondary" data-move={`${item.key}-down`} aria-label={t("meetingForm.agenda.downLabel", { title: label })} disabled={index === items.length - 1} onClick={() => { move(index, 1); }}>
                  {t("meetingForm.agenda.down")}
                </button>
                <button type="button" className="button button--small button--danger-outline" aria-label={t("meetingForm.agenda.removeLabel", { title: label })} onClick={() => { setItems(items.filter((_, i) => i !== index)); }}>
                  {t("meetingForm.agenda.remove")}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" className="button button--secondary" onClick={() => { setItems([...items, { key: newKey(), id: null, title: "", minutes: "15", description: "", responsibleUserId: null, responsibleName: null, slideReference: null }]); }}>
        {t("meetingForm.agenda.add")}
      </button>
    </section>
  );
}

function MeetingForm({ clusterId, current }: { clusterId: string; current: { data: MeetingDetail; etag: string } | null }) {
  const { t } = useI18n();
  const { client } = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  const meeting = current?.data ?? null;
  const [values, setValues] = useState<FormValues>(() => valuesOf(meeting));
  const [items, setItems] = useState<DraftItem[]>(() => itemsOf(meeting));
  const me = useMe();
  const myId = me.data?.id ?? null;
  /** The meeting's responsible as saved: the planner themself counts as "the cluster itself". */
  const savedResponsible: ResponsibleRef | null =
    meeting && !(meeting.responsible.kind === "user" && meeting.responsible.id === myId) ? { kind: meeting.responsible.kind, id: meeting.responsible.id } : null;
  const [responsible, setResponsible] = useState<ResponsibleRef | null | undefined>(undefined);
  /** Until the person changes it, the saved one (known once `me` has loaded). */
  const chosenResponsible = responsible === undefined ? savedResponsible : responsible;
  const length = formLength(values);
  const set = <K extends keyof FormValues>(name: K, value: FormValues[K]) => {
    setValues((previous) => ({ ...previous, [name]: value }));
  };

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
  const errors = fieldErrorsOf(save.error, t);
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!save.isPending) save.mutate();
  }
  const statusLegend = useId();
  return (
    <form className="meeting-form" onSubmit={submit} noValidate>
      <section className="panel">
        <Field label={t("meetingForm.title")} name="title" errors={errors}>
          {(props) => <input {...props} required value={values.title} onChange={(e) => { set("title", e.target.value); }} />}
        </Field>
        <Field label={t("meetingForm.kind")} name="kind" errors={errors}>
          {(props) => (
            <select {...props} value={values.kind} onChange={(e) => { set("kind", e.target.value as MeetingKind); }}>
              {MEETING_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(KIND_KEYS[kind])}
                </option>
              ))}
            </select>
          )}
        </Field>
        <div className="field-row">
          <Field label={t("meetingForm.date")} name="starts_at" errors={errors}>
            {(props) => <input {...props} type="date" required value={values.date} onChange={(e) => { set("date", e.target.value); }} />}
          </Field>
          <Field label={t("meetingForm.start")} name="start" errors={errors}>
            {(props) => <input {...props} type="time" required value={values.start} onChange={(e) => { set("start", e.target.value); }} />}
          </Field>
          <Field label={t("meetingForm.end")} name="ends_at" errors={errors}>
            {(props) => <input {...props} type="time" required value={values.end} onChange={(e) => { set("end", e.target.value); }} />}
          </Field>
        </div>
        <ResponsiblePicker
          clusterId={clusterId}
          value={chosenResponsible}
          onChange={setResponsible}
          current={meeting?.responsible ?? null}
          error={errors.responsible?.join(" ")}
        />
        <Field label={t("meetingForm.placeName")} name="place_name" errors={errors}>
          {(props) => <input {...props} value={values.placeName} onChange={(e) => { set("placeName", e.target.value); }} />}
        </Field>
        <Field label={t("meetingForm.placeAddress")} name="place_address" errors={errors}>
          {(props) => <input {...props} value={values.placeAddress} onChange={(e) => { set("placeAddress", e.target.value); }} />}
        </Field>
        <Field label={t("meetingForm.videoUrl")} name="video_url" errors={errors}>
          {(props) => <input {...props} type="url" value={values.videoUrl} onChange={(e) => { set("videoUrl", e.target.value); }} />}
        </Field>
        <Field label={t("meetingForm.rsvpBy")} name="rsvp_by" errors={errors}>
          {(props) => <input {...props} type="date" value={values.rsvpDate} onChange={(e) => { set("rsvpDate", e.target.value); }} />}
        </Field>
        <Field label={t("meetingForm.description")} name="description" errors={errors}>
          {(props) => <textarea {...props} rows={3} value={values.description} onChange={(e) => { set("description", e.target.value); }} />}
        </Field>
        {!meeting || meeting.status === "draft" ? (
          <fieldset className="field">
            <legend id={statusLegend}>{t("meetingForm.status")}</legend>
            <label className="choice">
              <input type="radio" name="status" checked={values.planned} onChange={() => { set("planned", true); }} />
              {t("meetingForm.statusPlanned")}
            </label>
            <label className="choice">
              <input type="radio" name="status" checked={!values.planned} onChange={() => { set("planned", false); }} />
              {t("meetingForm.statusDraft")}
            </label>
          </fieldset>
        ) : null}
      </section>
      <AgendaBuilder clusterId={clusterId} items={items} setItems={setItems} length={length} errors={errors} />
      {save.error ? <ErrorState error={save.error} showFieldErrors={false} /> : null}
      <div className="page-actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? t("common.saving") : t("meetingForm.save")}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void navigate(-1)}
        >
          {t("common.cancel")}
        </button>
      </div>
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
      <h1>{t("meetingForm.newTitle")}</h1>
      {cluster.data ? <p className="lead">{cluster.data.name}</p> : null}
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
      <h1>{t("meetingForm.editTitle")}</h1>
      {current.isPending ? <LoadingState /> : null}
      {current.isError ? <ErrorState error={current.error} onRetry={() => void current.refetch()} /> : null}
      {current.data ? (
        <>
          <p className="lead">{current.data.data.title}</p>
          <MeetingForm clusterId={current.data.data.cluster_id} current={current.data} />
        </>
      ) : null}
    </>
  );
}
