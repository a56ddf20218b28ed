/**
 * A button that downloads a file the API sends only with the token (see `saveDownload`); what
 * went wrong shows beside it. As a link it is a file's name in a table; as a button it says
 * "Hent" with the file's name for screen readers.
 */
import { Anchor, Button } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { ErrorState } from "../../components/ErrorState";

interface Props {
  label: string;
  busyLabel: string;
  download: () => Promise<void>;
  /** What is downloaded, for screen readers: "Hent" is read as "Hent Referat.pdf". */
  about?: string;
  /** A file's name that downloads it (a link's look), or a button with the download icon. */
  look?: "link" | "button";
  /** Shown before the label of a button (the download arrow when omitted). */
  icon?: ReactNode;
}

export function FileDownloadButton({ label, busyLabel, download, about, look = "button", icon }: Props) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  async function start() {
    setState({ busy: true, error: null });
    try {
      await download();
      setState({ busy: false, error: null });
    } catch (error) {
      setState({ busy: false, error });
    }
  }
  const text = state.busy ? busyLabel : label;
  const common = {
    disabled: state.busy,
    onClick: () => void start(),
    ...(about ? { "aria-label": `${text} ${about}` } : {}),
  };
  return (
    <>
      {look === "link" ? (
        <Anchor component="button" type="button" fw={600} ta="left" style={{ overflowWrap: "anywhere" }} {...common}>
          {text}
        </Anchor>
      ) : (
        <Button
          type="button"
          variant="default"
          size="compact-sm"
          leftSection={icon ?? <IconDownload size={16} aria-hidden />}
          styles={{ label: { whiteSpace: "normal", overflowWrap: "anywhere" } }}
          {...common}
        >
          {text}
        </Button>
      )}
      {state.error ? <ErrorState error={state.error} /> : null}
    </>
  );
}
