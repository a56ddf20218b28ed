import { ActionIcon, Menu } from "@mantine/core";
import { IconDots } from "@tabler/icons-react";
import { useRef } from "react";
import { useI18n } from "../i18n/context";

export interface RowAction {
  label: string;
  onClick: () => void;
  /** Takes something away: shown in red, and it opens a confirmation that says what happens. */
  danger?: boolean;
}

/**
 * A row's actions behind one button ("Handlinger for Lægehuset Nord" for screen readers and
 * tests), so a list of clinics or doctors is not a column of red buttons.
 */
export function RowMenu({ about, actions }: { about: string; actions: readonly RowAction[] }) {
  const { t } = useI18n();
  const target = useRef<HTMLButtonElement>(null);
  if (actions.length === 0) return null;
  return (
    <Menu position="bottom-end" shadow="md" returnFocus>
      <Menu.Target>
        <ActionIcon ref={target} variant="subtle" color="gray.8" size="lg" aria-label={t("common.actionsFor", { name: about })}>
          <IconDots size={20} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {actions.map((action) => (
          <Menu.Item
            key={action.label}
            color={action.danger ? "red.9" : undefined}
            onClick={() => {
              // The row's button, not the closing menu, is what a dialog gives focus back to.
              target.current?.focus();
              action.onClick();
            }}
          >
            {action.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
