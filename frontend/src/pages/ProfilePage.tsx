import "../theme/pageStyles";
import { Badge, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { useMe } from "../api/queries";
import { rolesLabel } from "../components/clusterRoles";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { organisationDescription } from "../components/organisations";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { CalendarFeedSection } from "../features/calendar/CalendarFeedSection";
import { useI18n } from "../i18n/context";

/** One fact of the person: its name above its value, a term and its description. */
function Detail({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" fw={600}>
        {term}
      </Text>
      <Text component="dd" m={0} style={{ overflowWrap: "anywhere" }}>
        {children}
      </Text>
    </div>
  );
}

/** Organisations or clusters: a name and what the person is there. */
function NamedList({ items }: { items: { id: string; name: string; meta: string }[] }) {
  return (
    <Stack component="ul" gap="sm" m={0} p={0} style={{ listStyle: "none" }}>
      {items.map((item) => (
        <Paper component="li" key={item.id} withBorder radius="md" px="md" py="sm">
          <Text fw={600}>{item.name}</Text>
          <Text size="sm" c="dimmed">
            {item.meta}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}

export default function ProfilePage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe({ staleTime: 0 });
  useDocumentTitle("profile.title");

  if (me.isPending) {
    return (
      <Stack gap="lg">
        <Title order={1}>{t("profile.title")}</Title>
        <LoadingState />
      </Stack>
    );
  }
  if (me.isError) {
    return (
      <Stack gap="lg">
        <Title order={1}>{t("profile.title")}</Title>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </Stack>
    );
  }

  const person = me.data;
  const organisations = person.organisations;
  return (
    <Stack gap="lg">
      <Title order={1}>{t("profile.title")}</Title>
      <Section title={t("profile.details")}>
        <Stack component="dl" gap="sm" m={0}>
          <Detail term={t("profile.name")}>{person.name}</Detail>
          <Detail term={t("profile.email")}>{person.email}</Detail>
          <Detail term={t("profile.lastLogin")}>
            {person.last_login_at ? (
              <time dateTime={person.last_login_at}>{formatDateTime(person.last_login_at)}</time>
            ) : (
              t("profile.neverLoggedIn")
            )}
          </Detail>
          {person.created_at ? (
            <Detail term={t("profile.created")}>
              <time dateTime={person.created_at}>{formatDate(person.created_at)}</time>
            </Detail>
          ) : null}
        </Stack>
      </Section>

      <CalendarFeedSection />

      <Section title={t("profile.organisations")}>
        {organisations.length === 0 ? (
          <EmptyState title={t("profile.organisationsEmpty")} />
        ) : (
          <NamedList
            items={organisations.map((organisation) => ({
              id: organisation.id,
              name: organisation.name,
              meta: organisationDescription(organisation, t),
            }))}
          />
        )}
      </Section>

      <Section title={t("profile.roles")}>
        {person.is_platform_admin ? (
          <div>
            <Badge variant="light" size="lg" tt="none">
              {t("profile.platformAdmin")}
            </Badge>
          </div>
        ) : null}
        <Title order={3} size="h4">
          {t("profile.clusterRoles")}
        </Title>
        {person.clusters.length === 0 ? (
          <EmptyState title={t("profile.clusterRolesEmpty")} />
        ) : (
          <NamedList
            items={person.clusters.map((cluster) => ({
              id: cluster.id,
              name: cluster.name,
              meta: rolesLabel(cluster.roles, t),
            }))}
          />
        )}
      </Section>
    </Stack>
  );
}
