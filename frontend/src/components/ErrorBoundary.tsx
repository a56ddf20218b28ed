import { Button, Text, Title } from "@mantine/core";
import { IconReload } from "@tabler/icons-react";
import { Component, type ErrorInfo, type ReactNode } from "react";
import { useI18n } from "../i18n/context";
import { Notice } from "./Notice";

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
  return (
    <Notice tone="error" role="alert">
      <Title order={headingLevel} size="h3">
        {t("errors.boundary.title")}
      </Title>
      <Text>{t("errors.boundary.body")}</Text>
      <div>
        <Button
          leftSection={<IconReload size={16} aria-hidden />}
          onClick={() => {
            window.location.reload();
          }}
        >
          {t("errors.boundary.reload")}
        </Button>
      </div>
    </Notice>
  );
}
