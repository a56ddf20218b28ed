import "../theme/pageStyles";
import { Badge, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { useApi } from "../api/context";
import { downloadPackageMaterial, useCatalogueDetails, useCatalogueOfKind, type CataloguePackage, type PackageKind } from "../api/packageProposals";
import { DownloadButton } from "../components/DownloadButton";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";
import { formatDate } from "../i18n/format";
import type { PlainKey } from "../i18n/translate";

function Entry({ entry, detail }: { entry: CataloguePackage; detail: ReturnType<typeof useCatalogueDetails>[number] | undefined }) {
  const { t, locale } = useI18n();
  const api = useApi();
  const published = entry.published_version?.published_at;
  const materials = detail?.data?.published_version?.materials ?? [];
  return (
    <Paper component="li" withBorder p="sm">
      <Title order={3} size="h4" style={{ overflowWrap: "anywhere" }}>
        {entry.title}
      </Title>
      <Text size="sm" c="dimmed">
        {published ? t("templates.by", { unit: entry.unit_name, date: formatDate(published, locale) }) : entry.unit_name}
      </Text>
      {entry.summary ? <Text mt={4}>{entry.summary}</Text> : null}
      {entry.themes.length > 0 ? (
        <Group gap={6} mt={6}>
          {entry.themes.map((theme) => (
            <Badge key={theme} variant="outline" color="gray.8" tt="none">
              {theme}
            </Badge>
          ))}
        </Group>
      ) : null}
      <Group gap="xs" mt="sm">
        {detail?.isPending ? <LoadingState /> : null}
        {detail?.isError ? <ErrorState error={detail.error} onRetry={() => void detail.refetch()} /> : null}
        {detail?.isSuccess && materials.length === 0 ? <Text c="dimmed">{t("templates.noMaterials")}</Text> : null}
        {materials.map((material) => (
          <DownloadButton
            key={material.id}
            label={t("templates.download", { name: material.name })}
            busyLabel={t("templates.downloading")}
            download={() => downloadPackageMaterial(api, entry.id, material)}
          />
        ))}
      </Group>
    </Paper>
  );
}

type LibraryKind = Exclude<PackageKind, "package">;

const SECTIONS: Record<LibraryKind, { title: PlainKey; empty: PlainKey }> = {
  template: { title: "templates.templates", empty: "templates.noTemplates" },
  guide: { title: "templates.guides", empty: "templates.noGuides" },
};

function KindSection({ kind }: { kind: LibraryKind }) {
  const { t } = useI18n();
  const { title, empty } = SECTIONS[kind];
  const entries = useCatalogueOfKind(kind);
  const details = useCatalogueDetails((entries.data ?? []).map((entry) => entry.id));
  return (
    <Section title={t(title)}>
      {entries.isPending ? <LoadingState /> : null}
      {entries.isError ? <ErrorState error={entries.error} onRetry={() => void entries.refetch()} /> : null}
      {entries.data?.length === 0 ? <EmptyState title={t(empty)} /> : null}
      {entries.data && entries.data.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {entries.data.map((entry, index) => (
            <Entry key={entry.id} entry={entry} detail={details[index]} />
          ))}
        </Stack>
      ) : null}
    </Section>
  );
}

/** /skabeloner: the national templates and guides of KiAP and the regional units, with their files. */
export default function TemplatesPage() {
  const { t } = useI18n();
  useDocumentTitle("templates.title");
  return (
    <>
      <Title order={1}>{t("templates.title")}</Title>
      <Text size="lg" my="md">
        {t("templates.lead")}
      </Text>
      <Stack gap="lg">
        <KindSection kind="template" />
        <KindSection kind="guide" />
      </Stack>
    </>
  );
}
