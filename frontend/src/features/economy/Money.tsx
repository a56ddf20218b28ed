import { Card, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useI18n } from "../../i18n/context";

/** A key amount: the kroner large, what they are beneath; a card named by its label. */
export function MoneyCard({ label, ore, icon }: { label: string; ore: number; icon?: ReactNode }) {
  const { formatMoney } = useI18n();
  return (
    <Card withBorder radius="md" padding="md" role="group" aria-label={label} miw={0}>
      {icon}
      <Text size="xl" fw={700} style={{ overflowWrap: "anywhere" }}>
        {formatMoney(ore)}
      </Text>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Card>
  );
}
