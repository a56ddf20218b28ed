import "../theme/pageStyles";
import { useId } from "react";
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
  const selectId = useId();
  useDocumentTitle("clusters.title");
  return (
    <>
      <h1>{t("clusters.title")}</h1>
      <p className="lead">{t("clusters.intro")}</p>
      <section className="panel">
        <div className="field field--inline">
          <label htmlFor={selectId}>{t("clusters.filterRegion")}</label>
          <select
            id={selectId}
            value={region ?? ""}
            onChange={(event) => { setSearch(event.target.value ? { region: event.target.value } : {}); }}
          >
            <option value="">{t("clusters.allRegions")}</option>
            {(regions.data ?? []).map((option) => (
              <option key={option.code} value={option.code}>
                {regionName(option.code, t)}
              </option>
            ))}
          </select>
        </div>
        <ClustersTable
          region={region}
          caption={region ? t("clusters.captionRegion", { region: regionName(region, t) }) : t("clusters.caption")}
          showRegion={!region}
        />
      </section>
    </>
  );
}
