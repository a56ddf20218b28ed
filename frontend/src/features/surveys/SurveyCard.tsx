/** A survey in a list: its title, state, deadline and how many have answered, linking to its page. */
import { Anchor, Group, Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import type { Survey } from "../../api/surveys";
import { surveyPath } from "../../app/navigation";
import { useI18n } from "../../i18n/context";
import { AUDIENCE_KEYS, SurveyStateBadge } from "./labels";

export function SurveyCard({ survey, showOwner = false, actions }: { survey: Survey; showOwner?: boolean; actions?: ReactNode }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <Paper component="li" withBorder p="md" radius="md">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Anchor component={Link} to={surveyPath(survey.id)} fw={600} style={{ overflowWrap: "anywhere" }}>
            {survey.title}
          </Anchor>
          <SurveyStateBadge state={survey.state} />
        </Group>
        <Text size="sm">
          {t(AUDIENCE_KEYS[survey.audience])}
          {showOwner ? ` · ${survey.cluster?.name ?? survey.owner.name}` : null}
        </Text>
        <Text size="sm">
          {t(survey.state === "closed" ? "surveys.closedAt" : "surveys.deadline", { date: formatDateTime(survey.closed_at ?? survey.closes_at) })}
        </Text>
        {survey.state === "draft" ? null : (
          <Text size="sm" fw={600}>
            {t("surveys.answered", { count: formatNumber(survey.response_count), total: formatNumber(survey.recipient_count) })}
          </Text>
        )}
        {actions ? <Group gap="xs">{actions}</Group> : null}
      </Stack>
    </Paper>
  );
}
