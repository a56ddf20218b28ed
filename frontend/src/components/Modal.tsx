import { Modal as MantineModal } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useEffect, useState, type ReactNode } from "react";

interface Props {
  title: string;
  onClose: () => void;
  /** Room for a preview (an image, a PDF) rather than a form. */
  wide?: boolean;
  children: ReactNode;
}

/** Below this width a dialog fills the screen: a phone's keyboard leaves no room for a box. */
export const PHONE_QUERY = "(max-width: 36em)";

/**
 * A modal dialog (Mantine's): focus moves into it, to its first field, and stays there;
 * Escape closes it, and focus returns to what opened it. Every dialog has its own buttons to
 * close it, so it needs no corner cross.
 */
export function Modal({ title, onClose, wide = false, children }: Props) {
  const phone = useMediaQuery(PHONE_QUERY);
  // What had focus before the dialog opened (read while rendering, before the dialog takes
  // focus) gets it back when the dialog goes: it is unmounted rather than closed, so
  // Mantine's own return of focus does not come into play.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  useEffect(() => () => opener?.focus(), [opener]);
  return (
    <MantineModal
      opened
      onClose={onClose}
      title={title}
      size={wide ? "xl" : "lg"}
      fullScreen={phone}
      withCloseButton={false}
      centered={!phone}
      styles={{ title: { fontSize: "var(--mantine-h3-font-size)", fontWeight: 700 } }}
      transitionProps={{ duration: phone ? 0 : 150 }}
    >
      {children}
    </MantineModal>
  );
}
