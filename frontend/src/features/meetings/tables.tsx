import { Table } from "@mantine/core";
import type { CSSProperties, ReactNode } from "react";

/**
 * The first column of a meeting's table stays in view while the rest scrolls sideways on a
 * phone, so one always sees whose row one reads. Its cells need a background of their own, or
 * the scrolled cells would show through.
 */
export const STICKY_FIRST: CSSProperties = { position: "sticky", left: 0, zIndex: 1, background: "var(--mantine-color-body)" };

/**
 * A table that scrolls inside its own frame, never the page. The frame takes the keyboard's focus,
 * so that those without a mouse can scroll it too, and is named by the table's caption.
 */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label} my="sm">
      <Table verticalSpacing="xs">
        <caption className="visually-hidden">{label}</caption>
        {children}
      </Table>
    </Table.ScrollContainer>
  );
}
