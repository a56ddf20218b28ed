import "../theme/pageStyles";
import { NativeSelect, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useMySurveys, type SurveyState } from "../api/surveys";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { STATE_KEYS } from "../features/surveys/labels";
import { SurveyCard } from "../features/surveys/SurveyCard";
import { useI18n } from "../i18n/context";

/**
 * /enhed/undersoegelser: a quality unit's own surveys and the surveys of the clusters it
 * follows, each linking to its page (where a unit sees the results aggregated only).
 */
export default function UnitSurveysPage() {
  const { t } = useI18n();
  const surveys = useMySurveys();
  const [state, setState] = useState<SurveyState | "">("");
  useDocumentTitle("unitSurveys.title");
  const shown = (surveys.data ?? []).filter((survey) => state === "" || survey.state === state);
  return (
    <Stack gap="lg">
      <div>
        <Title order={1}>{t("unitSurveys.title")}</Title>
        <Text mt="xs">{t("unitSurveys.lead")}</Text>
      </div>
      <NativeSelect
        label={t("unitSurveys.filter")}
        maw={260}
        value={state}
        onChange={(event) => { setState(event.currentTarget.value as SurveyState | ""); }}
        data={[
          { value: "", label: t("unitSurveys.all") },
          ...(["open", "closed", "draft"] as const).map((value) => ({ value, label: t(STATE_KEYS[value]) })),
        ]}
      />
      {surveys.isPending ? <LoadingState /> : null}
      {surveys.isError ? <ErrorState error={surveys.error} onRetry={() => void surveys.refetch()} /> : null}
      {surveys.data && shown.length === 0 ? <EmptyState title={t("unitSurveys.empty")} /> : null}
      {shown.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("unitSurveys.title")}>
          {shown.map((survey) => (
            <SurveyCard key={survey.id} survey={survey} showOwner />
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
