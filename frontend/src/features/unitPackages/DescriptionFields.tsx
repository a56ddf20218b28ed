/** The fields of a package's description, shared by its creation and its editing. */
import { Stack, Textarea, TextInput } from "@mantine/core";
import { useI18n } from "../../i18n/context";
import type { DescriptionProblem, DescriptionTexts } from "./description";

export function DescriptionFields({
  texts,
  problems,
  onChange,
}: {
  texts: DescriptionTexts;
  problems: readonly DescriptionProblem[];
  onChange: (texts: DescriptionTexts) => void;
}) {
  const { t } = useI18n();
  const set = (field: keyof DescriptionTexts) => (event: { currentTarget: { value: string } }) => {
    onChange({ ...texts, [field]: event.currentTarget.value });
  };
  return (
    <Stack gap="sm">
      <TextInput
        label={t("unitPackages.field.title")}
        required
        value={texts.title}
        onChange={set("title")}
        error={problems.includes("title") ? t("errorCode.required") : undefined}
        data-autofocus
      />
      <Textarea label={t("unitPackages.field.summary")} rows={3} value={texts.summary} onChange={set("summary")} />
      <TextInput
        label={t("unitPackages.field.themes")}
        description={t("unitPackages.field.themesHint")}
        value={texts.themes}
        onChange={set("themes")}
      />
      <TextInput
        label={t("unitPackages.field.audience")}
        description={t("unitPackages.field.audienceHint")}
        value={texts.audience}
        onChange={set("audience")}
      />
      <TextInput
        label={t("unitPackages.field.estimatedMinutes")}
        required
        inputMode="numeric"
        autoComplete="off"
        value={texts.estimatedMinutes}
        onChange={set("estimatedMinutes")}
        error={problems.includes("estimatedMinutes") ? t("unitPackages.minutesInvalid") : undefined}
      />
    </Stack>
  );
}
