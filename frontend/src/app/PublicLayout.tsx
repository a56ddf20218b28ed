import { AppShell, Box, Group, Text } from "@mantine/core";
import { Suspense, type ReactNode } from "react";
import { Outlet } from "react-router";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { LoadingState } from "../components/LoadingState";
import { MAIN_ID, SkipLink } from "../components/SkipLink";
import { useI18n } from "../i18n/context";

/** The frame for signed-out pages: product name and language switch above a narrow column. */
export function PublicLayout({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <AppShell header={{ height: 60 }} padding={0}>
      <SkipLink />
      <AppShell.Header className="site-header" bg="klynge.9" c="white" withBorder={false}>
        <Group h="100%" px={{ base: "xs", sm: "md" }} gap="xs" wrap="nowrap" justify="space-between">
          <Text fw={700} fz={{ base: "md", xs: "lg" }} truncate>
            {t("app.name")}
          </Text>
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main id={MAIN_ID} tabIndex={-1} className="site-main" bg="gray.0">
        <Box maw="32rem" mx="auto" px="md" pt="lg" pb="xl">
          <Suspense fallback={<LoadingState />}>{children ?? <Outlet />}</Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
