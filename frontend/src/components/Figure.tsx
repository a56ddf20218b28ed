import { Text } from "@mantine/core";
import { useI18n } from "../i18n/context";

/** A key figure: the number large, what it counts beneath it. */
export function Figure({ label, value }: { label: string; value: number }) {
  const { formatNumber } = useI18n();
  return (
    <div>
      <Text size="xl" fw={700}>
        {formatNumber(value)}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </div>
  );
}
