import "@mantine/core/styles/Badge.css";
import "@mantine/core/styles/Card.css";
import "@mantine/core/styles/SimpleGrid.css";
import "@mantine/core/styles/Title.css";
import "@mantine/core/styles/List.css";
import { Card, Title } from "@mantine/core";
import { useId, type ReactNode } from "react";

/** A titled card of a home: a region for screen readers, named by its heading. */
export function HomeCard({ title, icon, children }: { title: string; icon?: ReactNode; children: ReactNode }) {
  const headingId = useId();
  return (
    <Card component="section" withBorder radius="md" padding="md" aria-labelledby={headingId} miw={0}>
      <Title order={3} id={headingId} size="h4" mb="xs" style={{ display: "flex", gap: 8, alignItems: "center" }}>
        {icon}
        {title}
      </Title>
      {children}
    </Card>
  );
}
