import { Text } from "@mantine/core";
import { useI18n } from "../i18n/context";

/** A key figure: the number large, what it counts beneath it. A text (a mean, a share) is shown as it is. */
export function Figure({ label, value }: { label: string; value: number | string }) {
  const { formatNumber } = useI18n();
  return (
    <div>
      <Text size="xl" fw={700}>
        {typeof value === "number" ? formatNumber(value) : value}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </div>
  );
}
