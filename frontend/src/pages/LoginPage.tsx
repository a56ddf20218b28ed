import { useState, type SubmitEvent } from "react";
import { Anchor, Button, Stack, Text, TextInput, Title, VisuallyHidden } from "@mantine/core";
import { Link, Navigate, useLocation } from "react-router";
import { useApi, useSession } from "../api/context";
import { describeError } from "../api/describeError";
import { ApiError } from "../api/errors";
import type { SessionEndReason } from "../api/session";
import { paths, safeReturnPath } from "../app/navigation";
import type { LoginLocationState } from "../app/RequireAuth";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";
import type { PlainKey } from "../i18n/translate";

const NOTICES: Record<SessionEndReason, PlainKey> = {
  expired: "login.notice.expired",
  "logged-out": "login.notice.loggedOut",
  unreachable: "errors.network",
};

export function LoginPage() {
  const { t } = useI18n();
  const { session } = useApi();
  const snapshot = useSession();
  const location = useLocation();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [attempted, setAttempted] = useState(false);
  useDocumentTitle("login.title");

  const state = location.state as LoginLocationState | null;
  const from = safeReturnPath(state?.from);
  if (snapshot.status === "authenticated") return <Navigate to={from} replace />;
  if (snapshot.status === "initialising") return <LoadingState label={t("app.loadingSession")} />;

  const notice: PlainKey | null =
    attempted ? null : state?.passwordSet ? "login.notice.passwordSet" : snapshot.reason ? NOTICES[snapshot.reason] : null;
  const problem = error === null ? null : describeError(error, t, "login");
  const wrongCredentials = error instanceof ApiError && error.status === 401;

  // A plain form, read on submit, not @mantine/form: the login has no checks of its own beyond
  // the browser's (required, an e-mail address), and the form library would add to the first
  // load of the app, which is this page.
  async function handleSubmit(event: SubmitEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = form.get("email");
    const password = form.get("password");
    setAttempted(true);
    setError(null);
    setSubmitting(true);
    try {
      await session.login(
        typeof email === "string" ? email.trim() : "",
        typeof password === "string" ? password : "",
      );
      // The session is now authenticated: the next render navigates on.
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  // The alert above tells what went wrong; each field also carries it, hidden, as its error
  // (wrong credentials: red and aria-invalid) or as its description (any other problem), so
  // that a screen reader reads it on the field. Mantine sets aria-describedby itself.
  const hint = problem ? <VisuallyHidden>{problem.message}</VisuallyHidden> : null;
  // Marked fields keep a red border, but their text stays the body colour: Mantine's error
  // red is 3.3:1 on white, below AA for text.
  const invalid = wrongCredentials
    ? { error: hint, styles: { input: { "--input-color": "var(--mantine-color-text)" } } }
    : { description: hint };
  return (
    <Stack gap="md">
      <Title order={1}>{t("login.title")}</Title>
      <Text>{t("login.intro")}</Text>
      {notice ? (
        <Notice tone={snapshot.reason === "unreachable" ? "warning" : "info"} role="status" title={t(notice)} />
      ) : null}
      {/* Always in the page, so that screen readers announce what is put into it; while it is
          empty it takes no room. */}
      <div role="alert" aria-atomic="true" className={problem ? undefined : "visually-hidden"}>
        {problem ? (
          <Notice tone="error" title={problem.message}>
            {problem.detail ? <Text>{problem.detail}</Text> : null}
            {problem.requestId ? <Text size="xs">{t("errors.requestId", { id: problem.requestId })}</Text> : null}
          </Notice>
        ) : null}
      </div>
      <form onSubmit={(event) => void handleSubmit(event)}>
        <Stack gap="sm" align="flex-start">
          <TextInput
            w="100%"
            name="email"
            type="email"
            autoComplete="username"
            required
            withAsterisk={false}
            label={t("login.email")}
            {...invalid}
          />
          {/* A plain password input: PasswordInput's stylesheet is not in the first load. */}
          <TextInput
            w="100%"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            withAsterisk={false}
            label={t("login.password")}
            {...invalid}
          />
          <Button type="submit" disabled={submitting}>
            {submitting ? t("login.submitting") : t("login.submit")}
          </Button>
        </Stack>
      </form>
      <Anchor component={Link} to={paths.forgotPassword}>
        {t("login.forgot")}
      </Anchor>
    </Stack>
  );
}
