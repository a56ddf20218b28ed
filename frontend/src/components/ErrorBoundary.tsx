import { Component, type ErrorInfo, type ReactNode } from "react";
import { useI18n } from "../i18n/context";

interface Props {
  children: ReactNode;
  /** Render the fallback's heading as h1 (a whole page) or h2 (inside a page). */
  headingLevel?: 1 | 2;
}

interface State {
  failed: boolean;
}

/** Catches render errors so that the person never sees a blank page. */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error("Render error", error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.failed) return <ErrorFallback headingLevel={this.props.headingLevel ?? 1} />;
    return this.props.children;
  }
}

function ErrorFallback({ headingLevel }: { headingLevel: 1 | 2 }) {
  const { t } = useI18n();
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <div className="notice notice--error error-fallback" role="alert">
      <Heading>{t("errors.boundary.title")}</Heading>
      <p>{t("errors.boundary.body")}</p>
      <button
        type="button"
        className="button"
        onClick={() => {
          window.location.reload();
        }}
      >
        {t("errors.boundary.reload")}
      </button>
    </div>
  );
}
