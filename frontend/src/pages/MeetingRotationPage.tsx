/**
 * Plan the year: a series of meetings at once, every N weeks or months, handed in turn to
 * sub-clusters or clinics. A dry run shows the proposal first; saving sends the same request
 * for real (all or nothing, with an Idempotency-Key, so a retry plans nothing twice).
 */
import "../theme/pageStyles";
import { Anchor, Button, Group, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCalendarPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError, unwrap } from "../api/errors";
import { plansClusterMeetings } from "../api/meetings";
import { useCluster } from "../api/registry";
import type { paths } from "../api/types";
import { clusterMeetingsPath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { fieldErrorsOf, useIdempotencyKey } from "../components/dialogs";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { parseResponsible, RESPONSIBLE_KIND_KEYS, useResponsibleGroups } from "../features/meetings/responsibles";
import { ScrollTable, STICKY_FIRST } from "../features/meetings/tables";
import { useI18n } from "../i18n/context";
import { formatMeetingTime, fromDanishInputs, todayInDenmark } from "../i18n/format";

type RotationOperation = paths["/api/v1/clusters/{cluster_id}/meeting-rotations"]["post"];
export type RotationBody = RotationOperation["requestBody"]["content"]["application/json"];
export type RotationReport = RotationOperation["responses"]["200"]["content"]["application/json"];

interface Values {
  date: string;
  start: string;
  minutes: string;
  every: string;
  unit: "weeks" | "months";
  count: string;
  title: string;
  placeName: string;
  responsibles: string[];
}

function whole(text: string, fallback: number): number {
  const value = Number.parseInt(text, 10);
  return Number.isFinite(value) ? value : fallback;
}

/** The request the form describes (the same for the proposal and the real run). */
export function rotationBody(values: Values): RotationBody {
  return {
    starts_at: fromDanishInputs(values.date, values.start) ?? "",
    duration_minutes: whole(values.minutes, 0),
    repeat: { unit: values.unit, every: whole(values.every, 1) },
    count: whole(values.count, 1),
    title: values.title.trim(),
    ...(values.placeName.trim() ? { place_name: values.placeName.trim() } : {}),
    responsibles: values.responsibles.map(parseResponsible).filter((party) => party !== null),
  };
}

function RotationForm({ clusterId }: { clusterId: string }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const key = useIdempotencyKey();
  const { groups } = useResponsibleGroups(clusterId, { withCluster: false, withMembers: false });
  // Controlled: a changed form needs a new proposal, and the button waits for a responsible.
  const form = useForm<Values>({
    initialValues: {
    date: todayInDenmark(),
    start: "17:00",
    minutes: "180",
    every: "1",
    unit: "months",
    count: "10",
    title: t("rotation.titleDefault", { n: "{n}", responsible: "{responsible}" }),
    placeName: "",
    responsibles: [],
    },
    onValuesChange: () => { setProposal(null); },
  });
  const values = form.values;
  const [proposal, setProposal] = useState<{ body: RotationBody; report: RotationReport } | null>(null);

  const run = (body: RotationBody, dryRun: boolean) =>
    unwrap(
      client.POST("/api/v1/clusters/{cluster_id}/meeting-rotations", {
        params: {
          path: { cluster_id: clusterId },
          query: dryRun ? { dry_run: true } : {},
          header: dryRun ? {} : { "Idempotency-Key": key },
        },
        body,
      }),
    );
  const preview = useMutation({
    mutationFn: (body: RotationBody) => run(body, true).then((report) => ({ body, report })),
    onSuccess: setProposal,
  });
  const save = useMutation({
    mutationFn: (body: RotationBody) => run(body, false),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["cluster-meetings"] });
      await navigate(clusterMeetingsPath(clusterId));
    },
  });
  const error = save.error ?? preview.error;
  const errors = fieldErrorsOf(error, t, locale);
  const missingResponsible = values.responsibles.length === 0;
  function submit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!missingResponsible && !preview.isPending) preview.mutate(rotationBody(values));
  }
  const fieldError = (name: string) => errors[name]?.join(" ");
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm" className="panel">
        <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
          <TextInput type="date" label={t("rotation.firstDate")} required {...form.getInputProps("date")} error={fieldError("starts_at")} miw={150} />
          <TextInput type="time" label={t("rotation.start")} required {...form.getInputProps("start")} miw={110} />
          <TextInput type="number" inputMode="numeric" min={15} max={1440} label={t("rotation.minutes")} required {...form.getInputProps("minutes")} error={fieldError("duration_minutes")} miw={110} />
        </Group>
        <Group grow preventGrowOverflow={false} wrap="wrap" align="flex-start">
          <TextInput type="number" inputMode="numeric" min={1} max={52} label={t("rotation.every")} required {...form.getInputProps("every")} error={fieldError("repeat")} miw={90} />
          <Select
            label={t("rotation.unit")}
            data={[
              { value: "weeks", label: t("rotation.unit.weeks") },
              { value: "months", label: t("rotation.unit.months") },
            ]}
            value={values.unit}
            allowDeselect={false}
            onChange={(next) => { form.setFieldValue("unit", next === "weeks" ? "weeks" : "months"); }}
            miw={130}
          />
          <TextInput type="number" inputMode="numeric" min={1} max={52} label={t("rotation.count")} required {...form.getInputProps("count")} error={fieldError("count")} miw={110} />
        </Group>
        <TextInput label={t("rotation.titlePattern")} description={t("rotation.titleHint", { n: "{n}", responsible: "{responsible}", date: "{date}" })} required {...form.getInputProps("title")} error={fieldError("title")} />
        <TextInput label={t("rotation.placeName")} {...form.getInputProps("placeName")} error={fieldError("place_name")} />
        <MultiSelect
          label={t("rotation.responsibles")}
          description={t("rotation.responsiblesHint")}
          placeholder={values.responsibles.length === 0 ? t("rotation.responsiblesPlaceholder") : undefined}
          data={groups}
          {...form.getInputProps("responsibles")}
          searchable
          nothingFoundMessage={t("responsible.nothingFound")}
          error={fieldError("responsibles")}
          comboboxProps={{ withinPortal: true }}
        />
        {missingResponsible ? <Text c="dimmed" size="sm">{t("rotation.needsResponsible")}</Text> : null}
      </Stack>
      {error ? <ErrorState error={error} showFieldErrors={false} /> : null}
      <Group gap="sm" my="md">
        <Button type="submit" variant={proposal ? "default" : "filled"} disabled={missingResponsible} loading={preview.isPending}>
          {t("rotation.preview")}
        </Button>
        <Button component={Link} to={clusterMeetingsPath(clusterId)} variant="subtle">
          {t("common.cancel")}
        </Button>
      </Group>
      {proposal ? (
        <section className="panel" aria-labelledby="rotation-preview">
          <Title order={2} id="rotation-preview">
            {t("rotation.previewTitle")}
          </Title>
          {/* Scrolls inside its own frame on a phone, which the keyboard can reach too. */}
          <ScrollTable label={t("rotation.previewCaption")} minWidth={520}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" style={STICKY_FIRST}>{t("rotation.column.number")}</Table.Th>
                  <Table.Th scope="col">{t("rotation.column.when")}</Table.Th>
                  <Table.Th scope="col">{t("rotation.column.title")}</Table.Th>
                  <Table.Th scope="col">{t("rotation.column.responsible")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {proposal.report.items.map((item) => (
                  <Table.Tr key={item.index}>
                    <Table.Td style={STICKY_FIRST}>{item.index + 1}</Table.Td>
                    <Table.Td>
                      <time dateTime={item.starts_at}>{formatMeetingTime(item.starts_at, locale)}</time>
                    </Table.Td>
                    <Table.Td>{item.title}</Table.Td>
                    <Table.Td>{t("responsible.shown", { name: item.responsible.name, kind: t(RESPONSIBLE_KIND_KEYS[item.responsible.kind]) })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
          </ScrollTable>
          <Group gap="sm" my="md">
            <Button onClick={() => { save.mutate(proposal.body); }} loading={save.isPending} leftSection={<IconCalendarPlus size={18} aria-hidden />}>
              {t("rotation.save", { count: proposal.report.items.length })}
            </Button>
          </Group>
        </section>
      ) : null}
    </form>
  );
}

/** /klynger/:clusterId/moeder/planlaeg-aaret */
export default function MeetingRotationPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  useDocumentTitle("rotation.title");
  return (
    <>
      <Anchor component={Link} to={clusterMeetingsPath(clusterId)} size="sm">
        {t("meetings.title")}
      </Anchor>
      <Title order={1}>{t("rotation.title")}</Title>
      {cluster.data ? <Text size="lg">{cluster.data.name}</Text> : null}
      <Text my="sm">{t("rotation.lead")}</Text>
      {cluster.isPending ? <LoadingState /> : null}
      {cluster.isError ? <ErrorState error={cluster.error} onRetry={() => void cluster.refetch()} /> : null}
      {cluster.data && !plansClusterMeetings(cluster.data) ? <ErrorState error={new ApiError(403, null)} /> : null}
      {cluster.data && plansClusterMeetings(cluster.data) ? <RotationForm clusterId={clusterId} /> : null}
    </>
  );
}
