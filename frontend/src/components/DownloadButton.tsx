import { Anchor, Button } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useState, type ReactNode } from "react";
import { ErrorState } from "./ErrorState";

interface Props {
  label: string;
  busyLabel: string;
  /** Fetch the file and hand it to the browser (see `saveDownload`). */
  download: () => Promise<void>;
  /** A button (the default), a small one in a row, or a link-like name in a table's cell. */
  appearance?: "button" | "small" | "link";
  /** What is downloaded, for screen readers: "Hent" is read as "Hent Referat.pdf". */
  about?: string;
  /** Shown before a button's label (the download arrow when omitted). */
  icon?: ReactNode;
}

/** A button that downloads a file the API sends only with the token; its error shows beside it. */
export function DownloadButton({ label, busyLabel, download, appearance = "button", about, icon }: Props) {
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
  let control;
  if (appearance === "link") {
    control = (
      <Anchor component="button" type="button" fw={600} ta="start" style={{ overflowWrap: "anywhere" }} {...common}>
        {text}
      </Anchor>
    );
  } else {
    control = (
      <Button
        variant="default"
        size={appearance === "small" ? "compact-sm" : "sm"}
        leftSection={icon ?? <IconDownload size={16} aria-hidden />}
        // A long file name wraps inside the button rather than widening its table.
        styles={{ label: { whiteSpace: "normal", overflowWrap: "anywhere" } }}
        {...common}
      >
        {text}
      </Button>
    );
  }
  return (
    <>
      {control}
      {state.error ? <ErrorState error={state.error} /> : null}
    </>
  );
}
