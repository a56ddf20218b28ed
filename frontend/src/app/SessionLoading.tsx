import { Stack, Text } from "@mantine/core";
import { LoadingState } from "../components/LoadingState";
import { MAIN_ID } from "../components/SkipLink";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

/** Shown while the silent refresh at start decides whether there is a session. */
export function SessionLoading() {
  const { t } = useI18n();
  useDocumentTitle(null);
  return (
    <Stack component="main" id={MAIN_ID} align="center" gap="md" pt="20vh" px="md">
      <Text fz="xl" fw={700} c="klynge.9">
        {t("app.name")}
      </Text>
      <LoadingState label={t("app.loadingSession")} />
    </Stack>
  );
}
