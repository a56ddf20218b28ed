import { Box, Group, Text } from "@mantine/core";
import { IconCheck } from "@tabler/icons-react";

/**
 * What the last change did ("»Referat.pdf« er slettet."). The live region is always there, so
 * that a screen reader reads the message as it appears; with no message it takes no room.
 */
export function StatusNotice({ message }: { message: string }) {
  return (
    <Box role="status">
      {message ? (
        <Group
          gap="xs"
          wrap="nowrap"
          align="flex-start"
          mb="md"
          px="md"
          py="sm"
          bg="green.0"
          // Mantine's green 9 is 4.1:1 on green 0, below AA for this text; this green is 8.5:1.
          c="#14532d"
          style={{ border: "1px solid var(--mantine-color-green-7)", borderRadius: "var(--mantine-radius-md)" }}
        >
          <IconCheck size={18} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
          <Text fw={600} c="#14532d" style={{ overflowWrap: "anywhere" }}>
            {message}
          </Text>
        </Group>
      ) : null}
    </Box>
  );
}
