import "../theme/pageStyles";
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useState } from "react";
import { Link } from "react-router";
import { useApi } from "../api/context";
import { describeError } from "../api/describeError";
import { unwrap } from "../api/errors";
import { paths } from "../app/navigation";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Asks for a link to choose a new password. The answer is the same for any address. */
export default function ForgotPasswordPage() {
  const { t } = useI18n();
  const { client } = useApi();
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  useDocumentTitle("forgot.title");
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { email: "" },
    validate: {
      email: (value) => {
        const email = value.trim();
        if (!email) return t("forgot.emailRequired");
        return EMAIL.test(email) ? null : t("forgot.emailInvalid");
      },
    },
  });

  async function submit(values: { email: string }) {
    setError(null);
    setSubmitting(true);
    try {
      await unwrap(client.POST("/api/v1/auth/password-reset", { body: { email: values.email.trim() } }));
      setSent(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  }

  const problem = error === null ? null : describeError(error, t);
  return (
    <Stack gap="md">
      <Title order={1}>{t("forgot.title")}</Title>
      {sent ? (
        <Alert role="status" color="blue" title={t("forgot.sent")}>
          {t("forgot.sentHint")}
        </Alert>
      ) : (
        <>
          <Text>{t("forgot.intro")}</Text>
          <div aria-live="assertive" aria-atomic="true">
            {problem ? (
              <Alert color="red" title={problem.message}>
                {problem.requestId ? t("errors.requestId", { id: problem.requestId }) : null}
              </Alert>
            ) : null}
          </div>
          <form noValidate onSubmit={form.onSubmit((values) => void submit(values))}>
            <Stack gap="sm" align="flex-start">
              <TextInput
                w="100%"
                type="email"
                autoComplete="username"
                required
                label={t("forgot.email")}
                key={form.key("email")}
                {...form.getInputProps("email")}
              />
              <Button type="submit" disabled={submitting}>
                {submitting ? t("forgot.submitting") : t("forgot.submit")}
              </Button>
            </Stack>
          </form>
        </>
      )}
      <Anchor component={Link} to={paths.login}>
        {t("forgot.backToLogin")}
      </Anchor>
    </Stack>
  );
}
