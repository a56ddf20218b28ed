/**
 * A survey's results: the response rate, each question's answers (a stacked bar of the five
 * Likert categories with the share who agree and the nation's beside it, the NPS score and its
 * spread, the choices' counts, a number's mean, the free texts) and the cluster's trend across
 * its meetings. Charts are drawn lazily; a table says the same for screen readers, and is shown
 * instead of the charts when the person asks for tables.
 */
import "@mantine/core/styles/Table.css";
import "@mantine/core/styles/SegmentedControl.css";
import { Box, Button, Group, List, Paper, SegmentedControl, Stack, Table, Text, Title } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { lazy, Suspense, useId, useState } from "react";
import { useApi } from "../../api/context";
import { downloadSurveyResults, useSurveyResults, type ComparisonQuestion, type QuestionResult, type ResultBucket, type SurveyResults as Results } from "../../api/surveys";
import { DownloadButton } from "../../components/DownloadButton";
import { ErrorState } from "../../components/ErrorState";
import { Figure } from "../../components/Figure";
import { LoadingState } from "../../components/LoadingState";
import { Notice } from "../../components/Notice";
import { useI18n } from "../../i18n/context";
import { LIKERT_COLORS_CSS, TREND_COLORS } from "./colors";

const LikertBars = lazy(() => import("./graphics").then((module) => ({ default: module.LikertBars })));
const CountBars = lazy(() => import("./graphics").then((module) => ({ default: module.CountBars })));
const TrendLines = lazy(() => import("./graphics").then((module) => ({ default: module.TrendLines })));

const NUMBER = { whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" } as const;

/** A table's frame that scrolls on a phone, named by its caption. */
function ResultTable({ caption, visible, head, rows }: { caption: string; visible: boolean; head: string[]; rows: (string | number)[][] }) {
  const captionId = useId();
  return (
    <div className={visible ? undefined : "visually-hidden"}>
      <Table.ScrollContainer minWidth={280} type="native" pos="relative" role="region" aria-labelledby={captionId} tabIndex={0}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Caption id={captionId} className="visually-hidden">{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              {head.map((cell, index) => (
                <Table.Th key={index} scope="col" ta={index === 0 ? "start" : "end"}>{cell}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row, rowIndex) => (
              <Table.Tr key={rowIndex}>
                {row.map((cell, index) =>
                  index === 0 ? (
                    <Table.Th key={index} scope="row" fw={400} style={{ overflowWrap: "anywhere" }}>{cell}</Table.Th>
                  ) : (
                    <Table.Td key={index} ta="end" style={NUMBER}>{cell}</Table.Td>
                  ),
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}

function Chart({ height, children }: { height: number; children: React.ReactNode }) {
  return (
    <div aria-hidden="true" data-testid="survey-chart">
      <Suspense fallback={<Box h={height} />}>{children}</Suspense>
    </div>
  );
}

function LikertLegend({ labels }: { labels: readonly string[] }) {
  return (
    <Group gap="sm" aria-hidden="true" wrap="wrap">
      {labels.map((label, index) => (
        <Group key={label} gap={6} wrap="nowrap">
          <Box w={14} h={14} bg={LIKERT_COLORS_CSS[index]} style={{ borderRadius: 2 }} />
          <Text size="sm">{label}</Text>
        </Group>
      ))}
    </Group>
  );
}

function sharesOf(distribution: readonly ResultBucket[]): Record<string, number> {
  return Object.fromEntries(distribution.map((bucket, index) => [`p${index + 1}`, Math.round(bucket.share * 1000) / 10]));
}

function LikertResult({ question, comparison, asTable, compact }: { question: QuestionResult; comparison: ComparisonQuestion | undefined; asTable: boolean; compact: boolean }) {
  const { t, formatPercent, formatNumber } = useI18n();
  const distribution = question.distribution ?? [];
  const labels = distribution.map((bucket) => bucket.label);
  const rows = [{ label: t("results.thisSurvey"), values: sharesOf(distribution) }];
  if (comparison?.distribution && comparison.distribution.length > 0) {
    rows.push({ label: t("results.nation"), values: sharesOf(comparison.distribution) });
  }
  return (
    <>
      {question.agree_share !== null ? (
        <Text fw={700}>{t("results.agree", { share: formatPercent(question.agree_share) })}</Text>
      ) : null}
      {comparison && comparison.agree_share !== null ? (
        <Text size="sm">{t("results.nationAgree", { share: formatPercent(comparison.agree_share) })}</Text>
      ) : null}
      {asTable ? null : (
        <>
          <Chart height={rows.length * 40 + 40}>
            <LikertBars rows={rows} labels={labels} compact={compact} />
          </Chart>
          <LikertLegend labels={labels} />
        </>
      )}
      <ResultTable
        caption={t("results.tableCaption", { question: question.text })}
        visible={asTable}
        head={[t("results.answer"), t("results.count"), t("results.share"), ...(comparison?.distribution ? [t("results.nation")] : [])]}
        rows={distribution.map((bucket, index) => [
          bucket.label,
          formatNumber(bucket.count),
          formatPercent(bucket.share),
          ...(comparison?.distribution ? [formatPercent(comparison.distribution[index]?.share ?? 0)] : []),
        ])}
      />
    </>
  );
}

function CountResult({ question, asTable, compact }: { question: QuestionResult; asTable: boolean; compact: boolean }) {
  const { t, formatPercent, formatNumber } = useI18n();
  const distribution = question.distribution ?? [];
  return (
    <>
      {asTable ? null : (
        <Chart height={distribution.length * 30 + 40}>
          <CountBars rows={distribution} compact={compact} />
        </Chart>
      )}
      <ResultTable
        caption={t("results.tableCaption", { question: question.text })}
        visible={asTable}
        head={[t("results.answer"), t("results.count"), t("results.share")]}
        rows={distribution.map((bucket) => [bucket.label, formatNumber(bucket.count), formatPercent(bucket.share)])}
      />
    </>
  );
}

/** How many free texts are listed before the person asks for all of them. */
const TEXTS_SHOWN = 10;

function FreeTexts({ texts }: { texts: readonly string[] }) {
  const { t, formatNumber } = useI18n();
  const [all, setAll] = useState(false);
  const shown = all ? texts : texts.slice(0, TEXTS_SHOWN);
  return (
    <>
      <List spacing={6} size="sm" aria-label={t("results.texts")}>
        {shown.map((text, index) => (
          <List.Item key={index} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{text}</List.Item>
        ))}
      </List>
      {texts.length > shown.length ? (
        <Button variant="default" size="compact-md" w="fit-content" onClick={() => { setAll(true); }}>
          {t("results.allTexts", { count: formatNumber(texts.length) })}
        </Button>
      ) : null}
    </>
  );
}

function QuestionPanel({ question, comparison, suppressed, asTable, compact }: {
  question: QuestionResult;
  comparison: ComparisonQuestion | undefined;
  suppressed: boolean;
  asTable: boolean;
  compact: boolean;
}) {
  const { t, formatNumber } = useI18n();
  const headingId = useId();
  let body = null;
  if (!suppressed) {
    switch (question.kind) {
      case "likert":
        body = <LikertResult question={question} comparison={comparison} asTable={asTable} compact={compact} />;
        break;
      case "nps":
        body = (
          <>
            {question.nps !== null ? (
              <Text fw={700}>{t("results.nps", { score: `${question.nps > 0 ? "+" : ""}${formatNumber(question.nps)}` })}</Text>
            ) : null}
            <CountResult question={question} asTable={asTable} compact={compact} />
          </>
        );
        break;
      case "single_choice":
      case "multiple_choice":
        body = <CountResult question={question} asTable={asTable} compact={compact} />;
        break;
      case "number":
        body = question.mean !== null ? <Text fw={700}>{t("results.mean", { mean: formatNumber(question.mean, 1) })}</Text> : null;
        break;
      case "free_text":
        body = question.texts ? (
          question.texts.length === 0 ? <Text c="dimmed">{t("results.noTexts")}</Text> : <FreeTexts texts={question.texts} />
        ) : (
          <Text c="dimmed">{t("results.textsHidden")}</Text>
        );
        break;
    }
  }
  return (
    <Paper component="section" withBorder p={{ base: "sm", sm: "lg" }} radius="md" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>
          {question.position + 1}. {question.text}
        </Title>
        <Text size="sm" c="dimmed">{t("results.answeredBy", { count: formatNumber(question.answered) })}</Text>
        {body}
      </Stack>
    </Paper>
  );
}

function Trend({ results, asTable }: { results: Results; asTable: boolean }) {
  const { t, formatDate, formatPercent } = useI18n();
  const headingId = useId();
  const questions = results.questions.filter((question) => question.kind === "likert" && question.template_question_id);
  if (results.trend.length < 2 || questions.length === 0) return null;
  const series = questions.map((question, index) => ({
    key: question.template_question_id ?? question.id,
    label: question.text,
    color: TREND_COLORS[index % TREND_COLORS.length] ?? "klynge.8",
  }));
  const shareOf = (point: Results["trend"][number], key: string) => {
    if (point.suppressed) return null;
    return point.questions.find((question) => question.template_question_id === key)?.agree_share ?? null;
  };
  const data = results.trend.map((point) => ({
    date: formatDate(point.date, "short"),
    ...Object.fromEntries(series.map((item) => {
      const share = shareOf(point, item.key);
      return [item.key, share === null ? null : Math.round(share * 1000) / 10];
    })),
  }));
  return (
    <Paper component="section" withBorder p={{ base: "sm", sm: "lg" }} radius="md" aria-labelledby={headingId}>
      <Stack gap="xs">
        <Title order={3} size="h4" id={headingId}>{t("results.trend")}</Title>
        <Text size="sm">{t("results.trendLead")}</Text>
        {asTable ? null : (
          <>
            <div aria-hidden="true" data-testid="survey-trend">
              <Suspense fallback={<Box h={280} />}>
                <TrendLines data={data} series={series} />
              </Suspense>
            </div>
            <Stack gap={4} aria-hidden="true">
              {series.map((item) => (
                <Group key={item.key} gap={6} wrap="nowrap" align="flex-start">
                  <Box w={22} mt={9} style={{ borderTop: `3px solid var(--mantine-color-${item.color.replace(".", "-")})`, flexShrink: 0 }} />
                  <Text size="sm">{item.label}</Text>
                </Group>
              ))}
            </Stack>
          </>
        )}
        <ResultTable
          caption={t("results.trendCaption")}
          visible={asTable}
          head={[t("results.meetingDate"), ...series.map((item) => item.label)]}
          rows={results.trend.map((point) => [
            formatDate(point.date),
            ...series.map((item) => {
              const share = shareOf(point, item.key);
              return share === null ? "–" : formatPercent(share);
            }),
          ])}
        />
      </Stack>
    </Paper>
  );
}

export function SurveyResults({ surveyId, title }: { surveyId: string; title: string }) {
  const { t, formatPercent, formatNumber } = useI18n();
  const api = useApi();
  const results = useSurveyResults(surveyId, true);
  const compact = useMediaQuery("(max-width: 40em)");
  const [asTable, setAsTable] = useState(false);
  const showId = useId();
  if (results.isPending) return <LoadingState />;
  if (results.isError) return <ErrorState error={results.error} onRetry={() => void results.refetch()} />;
  const data = results.data;
  const comparisonOf = (question: QuestionResult) =>
    data.comparison?.questions.find((item) => item.template_question_id === question.template_question_id);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end" gap="sm">
        <Title order={2}>{t("results.title")}</Title>
        <DownloadButton
          label={t("results.csv")}
          busyLabel={t("results.csvBusy")}
          download={() => downloadSurveyResults(api, surveyId, t("results.csvFile", { title }))}
        />
      </Group>
      <Group gap="xl" wrap="wrap">
        <Figure label={t("results.responseRate")} value={formatPercent(data.response_rate)} />
        <Figure label={t("results.responses")} value={data.responses} />
        <Figure label={t("results.recipients")} value={data.recipients} />
      </Group>
      {data.suppressed ? (
        <Notice tone="info">{t("results.suppressed", { min: formatNumber(data.min_responses) })}</Notice>
      ) : (
        <div>
          <Text component="span" size="sm" fw={500} id={showId} display="block" mb={4}>{t("data.show")}</Text>
          <SegmentedControl
            aria-labelledby={showId}
            value={asTable ? "table" : "chart"}
            onChange={(value) => { setAsTable(value === "table"); }}
            data={[
              { value: "chart", label: t("data.show.chart") },
              { value: "table", label: t("data.show.table") },
            ]}
          />
        </div>
      )}
      {data.questions.map((question) => (
        <QuestionPanel key={question.id} question={question} comparison={comparisonOf(question)} suppressed={data.suppressed} asTable={asTable} compact={compact} />
      ))}
      <Trend results={data} asTable={asTable} />
    </Stack>
  );
}
