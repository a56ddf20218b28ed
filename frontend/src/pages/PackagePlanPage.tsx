import "../theme/pageStyles";
import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, Radio, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { meetingKeys, minutesBetween, useClusterMeetings, useNow } from "../api/meetings";
import { buildAgendaFromPackage, packageKeys, plannedTime, usePackage, type AgendaMode } from "../api/packages";
import { useMe } from "../api/queries";
import { useCurrentVersion } from "../api/registry";
import type { MeetingDetail, PackageDetail, PackageVersionDetail } from "../api/types";
import { meetingPath, newMeetingPath, packagePath } from "../app/navigation";
import { useChange } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Notice } from "../features/meetings/notices";
import { clustersWithRole, PLANNING_ROLES } from "../features/packages/labels";
import { Minutes } from "../features/packages/Minutes";
import { useI18n } from "../i18n/context";
import { formatMeetingTime } from "../i18n/format";

const MEETING_PARAM = "moede";

/** The chosen parts, the mode and the running total against the chosen meeting; then the build. */
function PlanForm({ pkg, version, meeting, etag }: { pkg: PackageDetail; version: PackageVersionDetail; meeting: MeetingDetail; etag: string }) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(version.items.map((item) => item.id)));
  const [mode, setMode] = useState<AgendaMode>(meeting.agenda_items.length > 0 ? "append" : "replace");
  const meetingMinutes = minutesBetween(meeting.starts_at, meeting.ends_at);
  const time = plannedTime(version.items, chosen, { meetingMinutes, agendaMinutes: meeting.agenda_minutes, mode });
  const build = useChange(
    [meetingKeys.meeting(meeting.id), ["cluster-meetings"], packageKeys.meetingMaterials(meeting.id)],
    (itemIds: string[]) =>
      buildAgendaFromPackage(api, meeting.id, etag, { package_id: pkg.id, version_id: version.id, item_ids: itemIds, mode }),
    () => { void navigate(meetingPath(meeting.id)); },
  );
  function toggle(itemId: string, on: boolean) {
    setChosen((before) => {
      const next = new Set(before);
      if (on) next.add(itemId);
      else next.delete(itemId);
      return next;
    });
  }
  const ids = version.items.filter((item) => chosen.has(item.id)).map((item) => item.id);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (ids.length > 0 && !build.isPending) build.mutate(ids);
      }}
    >
      <Stack gap="lg">
        <Section title={t("packages.plan.parts")}>
          <Group gap="xs">
            <Button variant="default" size="compact-sm" onClick={() => { setChosen(new Set(version.items.map((item) => item.id))); }}>
              {t("packages.plan.all")}
            </Button>
            <Button variant="default" size="compact-sm" onClick={() => { setChosen(new Set()); }}>
              {t("packages.plan.none")}
            </Button>
          </Group>
          <Stack component="fieldset" gap="sm" m={0} p={0} style={{ border: 0 }}>
            <legend className="visually-hidden">{t("packages.plan.parts")}</legend>
            {version.items.map((item, index) => (
              <Checkbox
                key={item.id}
                checked={chosen.has(item.id)}
                onChange={(event) => { toggle(item.id, event.currentTarget.checked); }}
                label={`${formatNumber(index + 1)}. ${item.title} (${t("packages.minutes", { minutes: formatNumber(item.minutes) })})`}
                description={item.slides ? t("packages.plan.slides", { slides: item.slides }) : undefined}
                styles={{ label: { overflowWrap: "anywhere" } }}
              />
            ))}
          </Stack>
        </Section>
        <Section title={t("packages.plan.modeTitle")}>
          <Radio.Group
            label={t("packages.plan.modeLabel", { count: formatNumber(meeting.agenda_items.length), minutes: formatNumber(meeting.agenda_minutes) })}
            value={mode}
            onChange={(value) => { setMode(value); }}
          >
            <Stack gap="xs" mt={6}>
              <Radio value="append" label={t("packages.plan.append")} />
              <Radio value="replace" label={t("packages.plan.replace")} />
            </Stack>
          </Radio.Group>
        </Section>
        {/* The total stays in view at the foot of the screen while the parts are ticked. */}
        <Paper
          role="status"
          aria-live="polite"
          withBorder
          p="sm"
          radius="md"
          shadow="sm"
          style={{ position: "sticky", bottom: 0, zIndex: 2, background: "var(--mantine-color-body)" }}
        >
          <Text fw={700} size="lg">
            {t("packages.plan.chosen", { count: formatNumber(ids.length), minutes: formatNumber(time.chosen) })}
          </Text>
          <Text>
            {t("packages.plan.total", { planned: formatNumber(time.planned), length: formatNumber(time.meeting) })}
          </Text>
          {time.over > 0 ? <Notice tone="warning">{t("packages.plan.over", { minutes: formatNumber(time.over) })}</Notice> : null}
        </Paper>
        {build.error ? <ErrorState error={build.error} showFieldErrors /> : null}
        <Group>
          <Button type="submit" disabled={ids.length === 0 || build.isPending}>
            {build.isPending ? t("packages.plan.building") : t("packages.plan.submit")}
          </Button>
          <Button component={Link} to={packagePath(pkg.id)} variant="default">
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The chosen meeting read with its ETag (the build is sent with If-Match). */
function ChosenMeeting({ pkg, version, meetingId }: { pkg: PackageDetail; version: PackageVersionDetail; meetingId: string }) {
  const { client } = useApi();
  const current = useCurrentVersion(["meeting", meetingId, "from-package"], () =>
    client.GET("/api/v1/meetings/{meeting_id}", { params: { path: { meeting_id: meetingId } } }),
  );
  if (current.isPending) return <LoadingState />;
  if (current.isError) return <ErrorState error={current.error} onRetry={() => void current.refetch()} />;
  return <PlanForm key={meetingId} pkg={pkg} version={version} meeting={current.data.data} etag={current.data.etag} />;
}

/**
 * /pakker/:packageId/planlaeg: build a meeting's agenda from the package: choose one of the
 * cluster's coming meetings (or make one first), tick the parts, and see their minutes against
 * the meeting's length as one goes.
 */
export default function PackagePlanPage() {
  const { t, locale } = useI18n();
  const { packageId = "" } = useParams();
  const [search, setSearch] = useSearchParams();
  const pkg = usePackage(packageId);
  const me = useMe();
  const now = useNow();
  const planning = clustersWithRole(me.data?.clusters ?? [], PLANNING_ROLES);
  const [clusterId, setClusterId] = useState<string | null>(null);
  const cluster = planning.find((candidate) => candidate.id === clusterId) ?? planning[0];
  const meetings = useClusterMeetings(cluster?.id ?? "", now);
  const meetingId = search.get(MEETING_PARAM) ?? "";
  useDocumentTitle("packages.plan.title");

  if (pkg.isPending || me.isPending) {
    return (
      <>
        <Title order={1}>{t("packages.plan.title")}</Title>
        <LoadingState />
      </>
    );
  }
  if (pkg.isError) {
    const missing = pkg.error instanceof ApiError && pkg.error.status === 404;
    return (
      <>
        <Title order={1}>{t("packages.plan.title")}</Title>
        {missing ? <Notice tone="info">{t("packages.notFound")}</Notice> : <ErrorState error={pkg.error} onRetry={() => void pkg.refetch()} />}
      </>
    );
  }
  const data = pkg.data;
  const version = data.published_version;
  const open = (meetings.data ?? []).filter((meeting) => meeting.status === "draft" || meeting.status === "planned");
  return (
    <Stack gap="lg">
      <div>
        <Anchor component={Link} to={packagePath(data.id)} size="sm">
          {t("packages.plan.back", { title: data.title })}
        </Anchor>
        <Title order={1} style={{ overflowWrap: "anywhere" }}>{t("packages.plan.heading", { title: data.title })}</Title>
        <Text>{t("packages.plan.intro")}</Text>
      </div>
      {!version || data.state !== "published" ? (
        <Notice tone="info">{t("packages.plan.notPublished")}</Notice>
      ) : !cluster ? (
        <Notice tone="info">{t("packages.plan.noCluster")}</Notice>
      ) : (
        <>
          <Section title={t("packages.plan.meetingTitle")}>
            {planning.length > 1 ? (
              <NativeSelect
                label={t("packages.order.cluster")}
                value={cluster.id}
                onChange={(event) => {
                  setClusterId(event.currentTarget.value);
                  setSearch({}, { replace: true });
                }}
                data={planning.map((option) => ({ value: option.id, label: option.name }))}
              />
            ) : null}
            {meetings.isPending ? (
              <LoadingState />
            ) : meetings.isError ? (
              <ErrorState error={meetings.error} onRetry={() => void meetings.refetch()} />
            ) : (
              <NativeSelect
                label={t("packages.plan.meeting", { cluster: cluster.name })}
                value={meetingId}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  setSearch(value ? { [MEETING_PARAM]: value } : {}, { replace: true });
                }}
                data={[
                  { value: "", label: open.length ? t("packages.order.chooseMeeting") : t("packages.order.noMeetings") },
                  ...open.map((meeting) => ({ value: meeting.id, label: `${meeting.title} · ${formatMeetingTime(meeting.starts_at, locale)}` })),
                ]}
              />
            )}
            <Anchor component={Link} to={newMeetingPath(cluster.id)} size="sm">
              <Group component="span" gap={4}>
                <IconPlus size={16} aria-hidden />
                {t("packages.plan.newMeeting")}
              </Group>
            </Anchor>
          </Section>
          {meetingId ? (
            <ChosenMeeting pkg={data} version={version} meetingId={meetingId} />
          ) : (
            <EmptyState title={t("packages.plan.chooseFirst")}>
              <Text size="sm">
                {t("packages.plan.packageLength")} <Minutes minutes={version.total_minutes} />
              </Text>
            </EmptyState>
          )}
        </>
      )}
    </Stack>
  );
}
