import { Paper, Title } from "@mantine/core";
import { useId, type ReactNode } from "react";

/** A titled part of a figures page: a bordered sheet named by its heading (a landmark region). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  const headingId = useId();
  return (
    <Paper component="section" withBorder radius="md" p={{ base: "sm", sm: "lg" }} aria-labelledby={headingId}>
      <Title order={2} size="h3" id={headingId} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
