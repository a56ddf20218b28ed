/** The words and badges of surveys: states, audiences, question kinds. */
import { Badge } from "@mantine/core";
import type { QuestionKind, SurveyAudience, SurveyState } from "../../api/surveys";
import { useI18n } from "../../i18n/context";
import type { PlainKey } from "../../i18n/translate";

export const STATE_KEYS: Record<SurveyState, PlainKey> = {
  draft: "survey.state.draft",
  open: "survey.state.open",
  closed: "survey.state.closed",
};

const STATE_COLORS: Record<SurveyState, string> = { draft: "gray.7", open: "green.9", closed: "dark.6" };

export const AUDIENCE_KEYS: Record<SurveyAudience, PlainKey> = {
  cluster: "survey.audience.cluster",
  sub_cluster: "survey.audience.sub_cluster",
  meeting: "survey.audience.meeting",
  region: "survey.audience.region",
  nation: "survey.audience.nation",
};

export const KIND_KEYS: Record<QuestionKind, PlainKey> = {
  likert: "survey.kind.likert",
  single_choice: "survey.kind.single_choice",
  multiple_choice: "survey.kind.multiple_choice",
  number: "survey.kind.number",
  free_text: "survey.kind.free_text",
  nps: "survey.kind.nps",
};

export function SurveyStateBadge({ state }: { state: SurveyState }) {
  const { t } = useI18n();
  return (
    <Badge color={STATE_COLORS[state]} variant="filled" tt="none">
      {t(STATE_KEYS[state])}
    </Badge>
  );
}
