import { Anchor, Stack, Text, Title } from "@mantine/core";
import { Link } from "react-router";
import { paths } from "../app/navigation";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

export function NotFoundPage() {
  const { t } = useI18n();
  useDocumentTitle("notFound.title");
  return (
    <Stack gap="md" align="flex-start">
      <Title order={1}>{t("notFound.title")}</Title>
      <Text>{t("notFound.body")}</Text>
      <Anchor component={Link} to={paths.dashboard}>
        {t("notFound.home")}
      </Anchor>
    </Stack>
  );
}
