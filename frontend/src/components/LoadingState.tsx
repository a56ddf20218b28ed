import { Group, Loader, Text } from "@mantine/core";
import { useI18n } from "../i18n/context";

interface Props {
  label?: string;
}

/**
 * A polite, announced loading message with a spinner. The words are the status's accessible
 * name; the spinner is decoration, and stands still for people who ask for reduced motion
 * (styles.css: Mantine's Loader does not do that itself).
 */
export function LoadingState({ label }: Props) {
  const { t } = useI18n();
  return (
    <Group role="status" gap="xs" wrap="nowrap" c="dimmed">
      <Loader size="sm" aria-hidden className="loading-spinner" />
      <Text inherit>{label ?? t("common.loading")}</Text>
    </Group>
  );
}
