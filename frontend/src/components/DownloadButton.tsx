import { useState } from "react";
import { ErrorState } from "./ErrorState";

interface Props {
  label: string;
  busyLabel: string;
  /** Fetch the file and hand it to the browser (see `saveDownload`). */
  download: () => Promise<void>;
  className?: string;
  /** What is downloaded, for screen readers: "Hent" is read as "Hent Referat.pdf". */
  about?: string;
}

/** A button that downloads a file the API sends only with the token; its error shows beside it. */
export function DownloadButton({ label, busyLabel, download, className = "button button--secondary", about }: Props) {
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
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={state.busy}
        onClick={() => void start()}
        {...(about ? { "aria-label": `${state.busy ? busyLabel : label} ${about}` } : {})}
      >
        {state.busy ? busyLabel : label}
      </button>
      {state.error ? <ErrorState error={state.error} /> : null}
    </>
  );
}
