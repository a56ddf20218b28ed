import { Paper, Stack, Text } from "@mantine/core";
import type { ReactNode } from "react";

interface Props {
  title: string;
  children?: ReactNode;
}

/** Says that there is nothing here yet, and what to do about it. */
export function EmptyState({ title, children }: Props) {
  return (
    <Paper p="md" radius="md" bg="gray.0" style={{ border: "1px dashed var(--mantine-color-gray-5)" }}>
      <Stack gap="xs">
        <Text fw={600}>{title}</Text>
        {children ? <div>{children}</div> : null}
      </Stack>
    </Paper>
  );
}
