import "../theme/pageStyles";
import { Anchor, Badge, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconClock, IconSearch, IconUsers } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useCatalogueFacets, usePackages, type CatalogueFilters } from "../api/packages";
import type { Package } from "../api/types";
import { packagePath } from "../app/navigation";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Minutes } from "../features/packages/Minutes";
import { useI18n } from "../i18n/context";

/** The query parameters that hold the filters, so a link or the back button keeps them. */
const PARAMS = { q: "soeg", unit: "enhed", theme: "tema" } as const;
/** The meeting a planner came from, carried on to the package and its plan. */
export const MEETING_PARAM = "moede";

/** The filters a page's address holds. */
export function filtersOf(search: URLSearchParams): CatalogueFilters {
  return { q: search.get(PARAMS.q) ?? "", unit: search.get(PARAMS.unit) || null, theme: search.get(PARAMS.theme) || null };
}

/** The address's parameters for the filters: those left empty are left out. */
export function searchOf(filters: CatalogueFilters): Record<string, string> {
  const search: Record<string, string> = {};
  if (filters.q) search[PARAMS.q] = filters.q;
  if (filters.unit) search[PARAMS.unit] = filters.unit;
  if (filters.theme) search[PARAMS.theme] = filters.theme;
  return search;
}

function PackageCard({ item, meetingId }: { item: Package; meetingId: string | null }) {
  const { t } = useI18n();
  return (
    <Paper component="article" withBorder radius="md" p="md" aria-labelledby={`package-${item.id}`}>
      <Stack gap={6}>
        <Title order={2} size="h4" id={`package-${item.id}`} style={{ overflowWrap: "anywhere" }}>
          <Anchor component={Link} to={meetingId ? `${packagePath(item.id)}?${MEETING_PARAM}=${encodeURIComponent(meetingId)}` : packagePath(item.id)}>
            {item.title}
          </Anchor>
        </Title>
        <Text size="sm" c="dimmed">{item.cluster_name ? t("packages.byCluster", { cluster: item.cluster_name, unit: item.unit_name }) : t("packages.byUnit", { unit: item.unit_name })}</Text>
        {item.summary ? <Text lineClamp={3}>{item.summary}</Text> : null}
        <Group gap="md" wrap="wrap">
          <Group gap={4} wrap="nowrap">
            <IconClock size={16} aria-hidden />
            <Text size="sm">
              <Minutes minutes={item.estimated_minutes} />
            </Text>
          </Group>
          {item.audience ? (
            <Group gap={4} wrap="nowrap" miw={0}>
              <IconUsers size={16} aria-hidden style={{ flexShrink: 0 }} />
              <Text size="sm" style={{ overflowWrap: "anywhere" }}>{item.audience}</Text>
            </Group>
          ) : null}
        </Group>
        {item.themes.length > 0 ? (
          <Group gap={6} component="ul" aria-label={t("packages.themes")} style={{ listStyle: "none", padding: 0, margin: 0 }}>
            {item.themes.map((theme) => (
              <Badge component="li" key={theme} variant="filled" color="klynge.8" tt="none">
                {theme}
              </Badge>
            ))}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

/**
 * /pakker: the catalogue of cluster packages the quality units publish, searched by words and
 * narrowed to one unit and one theme; each package opens its own page.
 */
export default function PackagesPage() {
  const { t, formatNumber } = useI18n();
  const [search, setSearch] = useSearchParams();
  const filters = filtersOf(search);
  const meetingId = search.get(MEETING_PARAM);
  const keep: Record<string, string> = meetingId ? { [MEETING_PARAM]: meetingId } : {};
  const [words, setWords] = useState(filters.q);
  const [debounced] = useDebouncedValue(words, 300);
  const shown: CatalogueFilters = { ...filters, q: debounced };
  const packages = usePackages(shown);
  const facets = useCatalogueFacets();
  useDocumentTitle("packages.title");

  function change(next: Partial<CatalogueFilters>) {
    setSearch({ ...searchOf({ ...filters, q: words, ...next }), ...keep }, { replace: true });
  }

  return (
    <Stack gap="lg">
      <div>
        <h1>{t("packages.title")}</h1>
        <p className="lead">{t("packages.intro")}</p>
        {meetingId ? <Text>{t("packages.forMeeting")}</Text> : null}
      </div>
      <Paper role="search" withBorder radius="md" p={{ base: "sm", sm: "lg" }} aria-label={t("packages.filters")}>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            type="search"
            label={t("packages.search")}
            placeholder={t("packages.searchPlaceholder")}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={words}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setWords(value);
              setSearch({ ...searchOf({ ...filters, q: value }), ...keep }, { replace: true });
            }}
          />
          <NativeSelect
            label={t("packages.filterUnit")}
            value={filters.unit ?? ""}
            onChange={(event) => { change({ unit: event.currentTarget.value || null }); }}
            data={[{ value: "", label: t("packages.allUnits") }, ...(facets.data?.units ?? [])]}
          />
          <NativeSelect
            label={t("packages.filterTheme")}
            value={filters.theme ?? ""}
            onChange={(event) => { change({ theme: event.currentTarget.value || null }); }}
            data={[{ value: "", label: t("packages.allThemes") }, ...(facets.data?.themes ?? [])]}
          />
        </SimpleGrid>
      </Paper>
      {packages.isPending ? (
        <LoadingState />
      ) : packages.isError ? (
        <ErrorState error={packages.error} onRetry={() => void packages.refetch()} />
      ) : (
        <section aria-labelledby="packages-found">
          <Text id="packages-found" role="status" fw={600} mb="sm">
            {t("packages.found", { count: formatNumber(packages.data.length) })}
          </Text>
          {packages.data.length === 0 ? (
            <EmptyState title={t("packages.none")}>
              <Text size="sm">{t("packages.noneHint")}</Text>
            </EmptyState>
          ) : (
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              {packages.data.map((item) => (
                <PackageCard key={item.id} item={item} meetingId={meetingId} />
              ))}
            </SimpleGrid>
          )}
        </section>
      )}
    </Stack>
  );
}
