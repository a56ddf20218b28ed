import "../theme/pageStyles";
import { Alert, Anchor, Button, PasswordInput, Stack, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { describeError } from "../api/describeError";
import { ApiError, unwrap } from "../api/errors";
import { paths } from "../app/navigation";
import type { LoginLocationState } from "../app/RequireAuth";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

const MIN_LENGTH = 12;
const MAX_LENGTH = 1024;

interface Values {
  password: string;
  repeat: string;
}

/** Chooses a password with the token of a link sent by e-mail (a reset or an activation). */
export default function SetPasswordPage() {
  const { t } = useI18n();
  const { client } = useApi();
  const navigate = useNavigate();
  const { token = "" } = useParams();
  const rulesId = useId();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle("setPassword.title");
  const form = useForm<Values>({
    mode: "uncontrolled",
    initialValues: { password: "", repeat: "" },
    validate: {
      password: (value) => {
        if (value.length < MIN_LENGTH) return t("setPassword.tooShort");
        if (value.length > MAX_LENGTH) return t("setPassword.tooLong");
        return null;
      },
      repeat: (value, values) => (value === values.password ? null : t("setPassword.mismatch")),
    },
  });

  async function submit(values: Values) {
    setError(null);
    setSubmitting(true);
    try {
      await unwrap(client.POST("/api/v1/auth/password", { body: { token, password: values.password } }));
      const state: LoginLocationState = { passwordSet: true };
      void navigate(paths.login, { replace: true, state });
    } catch (caught) {
      if (caught instanceof ApiError && caught.fieldCodes.password) {
        form.setFieldError("password", t("setPassword.tooEasy"));
      } else {
        setError(caught);
      }
      setSubmitting(false);
    }
  }

  const problem = error === null ? null : describeError(error, t);
  const invalidLink = error instanceof ApiError && error.kind === "invalid-link";
  return (
    <Stack gap="md">
      <Title order={1}>{t("setPassword.title")}</Title>
      <Text>{t("setPassword.intro")}</Text>
      <div aria-live="assertive" aria-atomic="true">
        {problem ? (
          <Alert color="red" title={problem.message}>
            {invalidLink ? (
              <Anchor component={Link} to={paths.forgotPassword}>
                {t("setPassword.newLink")}
              </Anchor>
            ) : problem.requestId ? (
              t("errors.requestId", { id: problem.requestId })
            ) : null}
          </Alert>
        ) : null}
      </div>
      <Text id={rulesId} size="sm">
        {t("setPassword.rules")}
      </Text>
      <form noValidate onSubmit={form.onSubmit((values) => void submit(values))}>
        <Stack gap="sm" align="flex-start">
          <PasswordInput
            w="100%"
            required
            autoComplete="new-password"
            label={t("setPassword.password")}
            aria-describedby={rulesId}
            key={form.key("password")}
            {...form.getInputProps("password")}
          />
          <PasswordInput
            w="100%"
            required
            autoComplete="new-password"
            label={t("setPassword.repeat")}
            key={form.key("repeat")}
            {...form.getInputProps("repeat")}
          />
          <Button type="submit" disabled={submitting}>
            {submitting ? t("setPassword.submitting") : t("setPassword.submit")}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
