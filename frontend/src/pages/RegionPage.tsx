import "../theme/pageStyles";
import { Alert, Stack } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useParams } from "react-router";
import { ApiError } from "../api/errors";
import { useLandscape } from "../api/registry";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ClustersTable } from "../features/clusters/ClustersTable";
import { LandscapeFigures } from "../features/landscape/LandscapeFigures";
import { Section } from "../features/landscape/Section";
import { useI18n } from "../i18n/context";

/** A region for its quality unit: the region's figures and its clusters with their sizes. */
export default function RegionPage() {
  const { t } = useI18n();
  const { regionCode = "" } = useParams();
  const landscape = useLandscape(regionCode);
  useDocumentTitle("region.title");
  const name = regionName(regionCode, t);

  if (landscape.isError && landscape.error instanceof ApiError && landscape.error.status === 422) {
    return (
      <Stack gap="lg">
        <h1>{t("region.title")}</h1>
        <Alert color="blue" icon={<IconInfoCircle aria-hidden />} role="status">
          {t("region.unknown")}
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="lg">
      <div>
        <h1>{name}</h1>
        <p className="lead">{t("region.intro")}</p>
      </div>
      {landscape.isPending ? <LoadingState /> : null}
      {landscape.isError ? <ErrorState error={landscape.error} onRetry={() => void landscape.refetch()} /> : null}
      {landscape.data ? <LandscapeFigures landscape={landscape.data} /> : null}
      <Section title={t("region.clusters")}>
        <ClustersTable region={regionCode} caption={t("clusters.captionRegion", { region: name })} showRegion={false} />
      </Section>
    </Stack>
  );
}
