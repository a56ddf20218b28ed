import "../theme/pageStyles";
import { NativeSelect, Paper, Stack } from "@mantine/core";
import { useSearchParams } from "react-router";
import { useRegions } from "../api/registry";
import { regionName } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { ClustersTable } from "../features/clusters/ClustersTable";
import { useI18n } from "../i18n/context";

/** Every cluster the person reaches: their own, their region's, or all (KiAP, PLO). */
export default function ClustersPage() {
  const { t } = useI18n();
  const [search, setSearch] = useSearchParams();
  const regions = useRegions();
  const region = search.get("region");
  useDocumentTitle("clusters.title");
  return (
    <Stack gap="lg">
      <div>
        <h1>{t("clusters.title")}</h1>
        <p className="lead">{t("clusters.intro")}</p>
      </div>
      <Paper component="section" withBorder radius="md" p={{ base: "sm", sm: "lg" }}>
        <Stack gap="md">
          <NativeSelect
            label={t("clusters.filterRegion")}
            maw={{ base: "100%", xs: 320 }}
            value={region ?? ""}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setSearch(value ? { region: value } : {});
            }}
            data={[
              { value: "", label: t("clusters.allRegions") },
              ...(regions.data ?? []).map((option) => ({ value: option.code, label: regionName(option.code, t) })),
            ]}
          />
          <ClustersTable
            region={region}
            caption={region ? t("clusters.captionRegion", { region: regionName(region, t) }) : t("clusters.caption")}
            showRegion={!region}
          />
        </Stack>
      </Paper>
    </Stack>
  );
}
