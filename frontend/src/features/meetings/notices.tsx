/** The short notes of the meeting pages: what a change did, a warning, a state one must notice. */
import { Badge, Group, Paper, Text } from "@mantine/core";
import { IconAlertTriangle, IconCheck, IconInfoCircle, IconX } from "@tabler/icons-react";
import type { ReactNode } from "react";
import type { MeetingStatus } from "../../api/types";
import { useI18n } from "../../i18n/context";
import { STATUS_KEYS } from "./labels";

const TONES = {
  success: { color: "green", Icon: IconCheck },
  info: { color: "blue", Icon: IconInfoCircle },
  warning: { color: "orange", Icon: IconAlertTriangle },
  danger: { color: "red", Icon: IconX },
} as const;

interface NoticeProps {
  tone: keyof typeof TONES;
  children: ReactNode;
  /** "alert" for a warning that comes while one types; none for a note that is simply there. */
  role?: "alert";
  /** Bold text, for a state everyone must notice at once (a cancelled meeting). */
  strong?: boolean;
}

/** A note with an icon and a coloured frame; its words, not its colour, say what it is. */
export function Notice({ tone, children, role, strong = false }: NoticeProps) {
  const { color, Icon } = TONES[tone];
  return (
    <Paper withBorder p="sm" my="sm" bg={`${color}.0`} style={{ borderColor: `var(--mantine-color-${color}-9)` }} role={role}>
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Icon size={20} color={`var(--mantine-color-${color}-9)`} aria-hidden style={{ flexShrink: 0 }} />
        <Text size="sm" fw={strong ? 700 : undefined} style={{ minWidth: 0 }}>
          {children}
        </Text>
      </Group>
    </Paper>
  );
}

/**
 * What a change on a meeting's page did, read out by screen readers. The live region is always in
 * the page (a region added together with its text is often not announced); only its text comes
 * and goes.
 */
export function StatusMessage({ message }: { message: string }) {
  return <div role="status">{message ? <Notice tone="success">{message}</Notice> : null}</div>;
}

/** How much of the meeting's length the agenda takes; an overrun is a warning. */
export function AgendaUse({ used, length, alert = false }: { used: number; length: number; alert?: boolean }) {
  const { t, formatNumber } = useI18n();
  const over = used > length;
  const text = t("meeting.agenda.used", { used: formatNumber(used), length: formatNumber(length) });
  if (!over) return <Text c="dimmed">{text}</Text>;
  return (
    <Notice tone="warning" {...(alert ? { role: "alert" as const } : {})}>
      {`${text} ${t("meeting.agenda.overrun", { minutes: formatNumber(used - length) })}`}
    </Notice>
  );
}

/** The colour of a meeting's state: a cancelled meeting is marked in red, and in words too. */
const STATUS_COLORS = { draft: "gray.7", planned: "klynge.8", held: "green.9", cancelled: "red.9" } as const;

export function MeetingStatusBadge({ status }: { status: MeetingStatus }) {
  const { t } = useI18n();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="filled"
      tt="none"
      w="fit-content"
      leftSection={status === "cancelled" ? <IconX size={12} aria-hidden /> : null}
    >
      {t(STATUS_KEYS[status])}
    </Badge>
  );
}
