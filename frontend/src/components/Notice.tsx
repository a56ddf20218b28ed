import { Group, Paper, Stack, Text } from "@mantine/core";
import { IconAlertCircle, IconAlertTriangle, IconCircleCheck, IconInfoCircle, type Icon } from "@tabler/icons-react";
import type { AriaRole, ReactNode } from "react";

export type NoticeTone = "error" | "warning" | "info" | "success";

const TONES: Record<NoticeTone, { color: string; Icon: Icon }> = {
  error: { color: "red", Icon: IconAlertCircle },
  warning: { color: "yellow", Icon: IconAlertTriangle },
  info: { color: "klynge", Icon: IconInfoCircle },
  success: { color: "green", Icon: IconCircleCheck },
};

interface Props {
  tone: NoticeTone;
  /** The message itself, in bold; the children add what follows from it. */
  title?: ReactNode;
  children?: ReactNode;
  role?: AriaRole;
  id?: string;
}

/**
 * A message in a tinted box with an icon, looking like Mantine's Alert. It is built from Paper
 * and Text because the login and the dashboard show it, and Alert's stylesheet would add to
 * their first load. The text keeps the body colour (every tint's text is above 7:1); the
 * tone is the icon and the left border, never the only way the message is told.
 */
export function Notice({ tone, title, children, role, id }: Props) {
  const { color, Icon: ToneIcon } = TONES[tone];
  return (
    <Paper
      id={id}
      role={role}
      p="sm"
      radius="md"
      bg={`${color}.0`}
      style={{ borderInlineStart: `4px solid var(--mantine-color-${color}-8)` }}
    >
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <ToneIcon size={20} aria-hidden color={`var(--mantine-color-${color}-8)`} style={{ flexShrink: 0 }} />
        <Stack gap={4} miw={0} style={{ overflowWrap: "anywhere" }}>
          {title ? <Text fw={700}>{title}</Text> : null}
          {children}
        </Stack>
      </Group>
    </Paper>
  );
}
