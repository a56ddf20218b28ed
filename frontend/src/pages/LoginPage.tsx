import { useId, useState, type SubmitEvent } from "react";
import { Anchor } from "@mantine/core";
import { Link, Navigate, useLocation } from "react-router";
import { useApi, useSession } from "../api/context";
import { describeError } from "../api/describeError";
import { ApiError } from "../api/errors";
import type { SessionEndReason } from "../api/session";
import { paths, safeReturnPath } from "../app/navigation";
import type { LoginLocationState } from "../app/RequireAuth";
import { LoadingState } from "../components/LoadingState";
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
  const emailId = useId();
  const passwordId = useId();
  const alertId = useId();
  useDocumentTitle("login.title");

  const state = location.state as LoginLocationState | null;
  const from = safeReturnPath(state?.from);
  if (snapshot.status === "authenticated") return <Navigate to={from} replace />;
  if (snapshot.status === "initialising") return <LoadingState label={t("app.loadingSession")} />;

  const notice: PlainKey | null =
    attempted ? null : state?.passwordSet ? "login.notice.passwordSet" : snapshot.reason ? NOTICES[snapshot.reason] : null;
  const problem = error === null ? null : describeError(error, t, "login");
  const wrongCredentials = error instanceof ApiError && error.status === 401;

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

  return (
    <div className="login">
      <h1>{t("login.title")}</h1>
      <p>{t("login.intro")}</p>
      {notice ? (
        <p
          role="status"
          className={`notice ${snapshot.reason === "unreachable" ? "notice--warning" : "notice--info"}`}
        >
          {t(notice)}
        </p>
      ) : null}
      <div
        id={alertId}
        role="alert"
        aria-atomic="true"
        className={problem ? "notice notice--error" : undefined}
      >
        {problem ? (
          <>
            <p className="notice__message">{problem.message}</p>
            {problem.detail ? <p>{problem.detail}</p> : null}
            {problem.requestId ? (
              <p className="notice__request-id">{t("errors.requestId", { id: problem.requestId })}</p>
            ) : null}
          </>
        ) : null}
      </div>
      <form className="form" onSubmit={(event) => void handleSubmit(event)}>
        <div className="field">
          <label htmlFor={emailId}>{t("login.email")}</label>
          <input
            id={emailId}
            name="email"
            type="email"
            autoComplete="username"
            required
            aria-describedby={problem ? alertId : undefined}
            aria-invalid={wrongCredentials || undefined}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t("login.password")}</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-describedby={problem ? alertId : undefined}
            aria-invalid={wrongCredentials || undefined}
          />
        </div>
        <button type="submit" className="button" disabled={submitting}>
          {submitting ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <p>
        <Anchor component={Link} to={paths.forgotPassword}>
          {t("login.forgot")}
        </Anchor>
      </p>
    </div>
  );
}
