/**
 * /oekonomi, for PLO's staff and the platform admin: the rates per patient by year (set the
 * next year's, change one no allocation has used yet), and the year's allocation run: a dry run
 * reports per cluster what would be booked, then "Bogfør" books it; running it again books
 * nothing new ("Uændret") or a correction where a count has changed.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/Table.css";
import { Badge, Button, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { IconCalculator, IconCheck, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { useApi } from "../api/context";
import { createRate, economyKeys, parseKroner, runAllocation, useAllClusters, useRates } from "../api/economy";
import type { AllocationRate, AllocationReport as Report } from "../api/types";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { AllocationReport } from "../features/economy/AllocationReport";
import { RateDialog } from "../features/economy/RateDialog";
import { PloQueue } from "../features/expenses/PloQueue";
import { useI18n } from "../i18n/context";
import { todayInDenmark } from "../i18n/format";

const STICKY = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" } as const;

function NewRateForm({ rates }: { rates: readonly AllocationRate[] }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const next = Math.max(Number(todayInDenmark().slice(0, 4)), ...rates.map((rate) => rate.year + 1));
  const [year, setYear] = useState(String(next));
  const [amount, setAmount] = useState("");
  const [invalid, setInvalid] = useState<{ year?: boolean; amount?: boolean }>({});
  const [saved, setSaved] = useState<number | null>(null);
  const create = useMutation({
    mutationFn: ({ year: y, ore }: { year: number; ore: number }) => createRate(api, y, ore, crypto.randomUUID()),
    onSuccess: async (rate) => {
      await queryClient.invalidateQueries({ queryKey: economyKeys.rates });
      setSaved(rate.year);
      setAmount("");
      setYear(String(rate.year + 1));
    },
  });
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const y = /^\d{4}$/.test(year.trim()) ? Number(year.trim()) : null;
        const ore = parseKroner(amount);
        setInvalid({ year: y === null, amount: ore === null });
        setSaved(null);
        if (y !== null && ore !== null) create.mutate({ year: y, ore });
      }}
    >
      <Title order={3} size="h4" mb="xs">{t("economy.rates.new")}</Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" style={{ alignItems: "end" }}>
        <TextInput
          required
          label={t("economy.rates.year")}
          inputMode="numeric"
          autoComplete="off"
          value={year}
          onChange={(event) => { setYear(event.currentTarget.value); }}
          error={invalid.year ? t("economy.rates.yearInvalid") : undefined}
        />
        <TextInput
          required
          label={t("economy.rates.amount")}
          description={t("economy.rates.amountHint")}
          inputMode="decimal"
          autoComplete="off"
          value={amount}
          onChange={(event) => { setAmount(event.currentTarget.value); }}
          error={invalid.amount ? t("economy.rates.amountInvalid") : undefined}
        />
        <Group>
          <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={create.isPending}>
            {t("economy.rates.create")}
          </Button>
        </Group>
      </SimpleGrid>
      <Group role="status" gap="xs" c="green.9" fw={600} mt={saved ? "sm" : 0}>
        {saved ? (
          <>
            <IconCheck size={18} aria-hidden />
            {t("economy.rates.saved", { year: saved })}
          </>
        ) : null}
      </Group>
      {create.error ? <ErrorState error={create.error} /> : null}
    </form>
  );
}

function Rates() {
  const { t, formatMoney } = useI18n();
  const queryClient = useQueryClient();
  const rates = useRates();
  const [editing, setEditing] = useState<number | null>(null);
  const [saved, setSaved] = useState<number | null>(null);
  const captionId = useId();
  return (
    <Section title={t("economy.rates.title")}>
      <Text>{t("economy.rates.intro")}</Text>
      {rates.isPending ? <LoadingState /> : null}
      {rates.isError ? <ErrorState error={rates.error} onRetry={() => void rates.refetch()} /> : null}
      {rates.isSuccess ? (
        <>
          <Table.ScrollContainer minWidth={420} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
            <Table striped>
              <Table.Caption id={captionId} className="visually-hidden">{t("economy.rates.title")}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" style={STICKY}>{t("economy.rates.year")}</Table.Th>
                  <Table.Th scope="col" ta="end">{t("economy.rates.perPatient")}</Table.Th>
                  <Table.Th scope="col">{t("economy.rates.state")}</Table.Th>
                  <Table.Th scope="col"><span className="visually-hidden">{t("common.actions")}</span></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...rates.data].sort((a, b) => b.year - a.year).map((rate) => (
                  <Table.Tr key={rate.year}>
                    <Table.Th scope="row" style={STICKY}>{rate.year}</Table.Th>
                    <Table.Td ta="end" style={{ whiteSpace: "nowrap" }}>{formatMoney(rate.ore_per_patient)}</Table.Td>
                    <Table.Td>
                      <Badge variant="filled" tt="none" color={rate.in_use ? "gray.7" : "klynge.8"}>
                        {rate.in_use ? t("economy.rates.inUse") : t("economy.rates.notInUse")}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      {rate.in_use ? null : (
                        <Button
                          variant="default"
                          size="compact-sm"
                          aria-label={t("economy.rates.editFor", { year: rate.year })}
                          onClick={() => {
                            setSaved(null);
                            setEditing(rate.year);
                          }}
                        >
                          {t("common.edit")}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group role="status" gap="xs" c="green.9" fw={600}>
            {saved ? (
              <>
                <IconCheck size={18} aria-hidden />
                {t("economy.rates.saved", { year: saved })}
              </>
            ) : null}
          </Group>
          <NewRateForm rates={rates.data} />
        </>
      ) : null}
      {editing !== null ? (
        <RateDialog
          year={editing}
          onClose={() => {
            setEditing(null);
            // A refused change (a run used the rate meanwhile) leaves the list out of date.
            void queryClient.invalidateQueries({ queryKey: economyKeys.rates });
          }}
          onSaved={() => {
            setSaved(editing);
            setEditing(null);
          }}
        />
      ) : null}
    </Section>
  );
}

interface Choice {
  year: number;
  clusterId: string | null;
}

function AllocationRun() {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const rates = useRates();
  const clusters = useAllClusters();
  const years = [...(rates.data ?? [])].map((rate) => rate.year).sort((a, b) => b - a);
  const thisYear = Number(todayInDenmark().slice(0, 4));
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const [clusterId, setClusterId] = useState("");
  const year = chosenYear ?? (years.includes(thisYear) ? thisYear : (years[0] ?? thisYear));
  const [result, setResult] = useState<{ choice: Choice; report: Report } | null>(null);
  const run = useMutation({
    mutationFn: ({ choice, dryRun }: { choice: Choice; dryRun: boolean }) =>
      runAllocation(api, { ...choice, dryRun, idempotencyKey: crypto.randomUUID() }).then((report) => ({ choice, report })),
    onSuccess: async (answer) => {
      setResult(answer);
      if (answer.report.applied) {
        await queryClient.invalidateQueries({ queryKey: economyKeys.all });
      }
    },
  });
  const choice: Choice = { year, clusterId: clusterId || null };
  const tried = result !== null && result.report.dry_run && result.choice.year === choice.year && result.choice.clusterId === choice.clusterId;
  // A dry run that found everything booked already leaves nothing to book.
  const toBook = tried && result.report.clusters.some((row) => row.status !== "unchanged");
  return (
    <Section title={t("economy.run.title")}>
      <Text>{t("economy.run.intro")}</Text>
      {rates.isError ? <ErrorState error={rates.error} onRetry={() => void rates.refetch()} /> : null}
      {clusters.isError ? <ErrorState error={clusters.error} onRetry={() => void clusters.refetch()} /> : null}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <NativeSelect
          label={t("economy.run.year")}
          data={years.map(String)}
          value={String(year)}
          onChange={(event) => {
            setChosenYear(Number(event.currentTarget.value));
            setResult(null);
            run.reset();
          }}
        />
        <NativeSelect
          label={t("economy.run.cluster")}
          data={[
            { value: "", label: t("economy.run.allClusters") },
            ...(clusters.data ?? []).map((cluster) => ({ value: cluster.id, label: cluster.name })),
          ]}
          value={clusterId}
          onChange={(event) => {
            setClusterId(event.currentTarget.value);
            setResult(null);
            run.reset();
          }}
        />
      </SimpleGrid>
      <Group gap="sm">
        <Button
          variant={tried ? "default" : "filled"}
          leftSection={<IconCalculator size={16} aria-hidden />}
          disabled={run.isPending || years.length === 0}
          onClick={() => { run.mutate({ choice, dryRun: true }); }}
        >
          {t("economy.run.dryRun")}
        </Button>
        <Button
          leftSection={<IconCheck size={16} aria-hidden />}
          disabled={run.isPending || !toBook}
          onClick={() => { run.mutate({ choice, dryRun: false }); }}
        >
          {t("economy.run.book")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">{toBook ? t("economy.run.bookHint") : tried ? t("economy.run.nothingToBook") : t("economy.run.dryRunFirst")}</Text>
      {run.isPending ? <LoadingState /> : null}
      {run.error ? <ErrorState error={run.error} /> : null}
      {result && !run.isPending && !run.error ? <AllocationReport report={result.report} /> : null}
    </Section>
  );
}

export default function EconomyPage() {
  const { t } = useI18n();
  useDocumentTitle("economy.title");
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1}>{t("economy.title")}</Title>
        <Text size="lg">{t("economy.intro")}</Text>
      </Stack>
      <PloQueue />
      <Rates />
      <AllocationRun />
    </Stack>
  );
}
