import { useId } from "react";
import type { Landscape, LandscapeMeetings } from "../../api/types";
import { useI18n } from "../../i18n/context";
import { BarChart, DistributionChart } from "./charts";

/** Meetings held over the last complete years: how many per cluster a year, and how many after work. */
function MeetingFigures({ meetings }: { meetings: LandscapeMeetings }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const headingId = useId();
  const years = { first: String(meetings.first_year), last: String(meetings.last_year) };
  const perYear = meetings.per_cluster_per_year;
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("landscape.meetings.title")}</h2>
      <p>{t("landscape.meetings.intro", years)}</p>
      <dl className="key-figures">
        <div>
          <dt>{t("landscape.meetings.held", years)}</dt>
          <dd>{formatNumber(meetings.held)}</dd>
        </div>
        <div>
          <dt>{t("landscape.meetings.perClusterPerYear")}</dt>
          <dd>{perYear.mean == null ? t("landscape.meetings.none") : formatNumber(perYear.mean, 1)}</dd>
        </div>
        <div>
          <dt>{t("landscape.meetings.afterWorkShare")}</dt>
          <dd>{meetings.after_work_share == null ? t("landscape.meetings.none") : formatPercent(meetings.after_work_share)}</dd>
        </div>
      </dl>
      <div className="chart-grid">
        <DistributionChart title={t("landscape.meetings.spread")} distribution={perYear} unit={t("landscape.unitMeetings")} />
      </div>
    </section>
  );
}

/** The figures of the whole country or one region: sizes, doctors, patients, roles and meetings. */
export function LandscapeFigures({ landscape }: { landscape: Landscape }) {
  const { t, formatNumber } = useI18n();
  const keyId = useId();
  const rolesId = useId();
  const total = landscape.clusters;
  const share = (count: number) => (total === 0 ? 0 : (count / total) * 100);
  const roleBar = (label: string, count: number) => ({
    label,
    value: share(count),
    text:
      count === 1
        ? t("landscape.clusterShareOne", { share: formatNumber(share(count)) })
        : t("landscape.clusterShare", { count: formatNumber(count), share: formatNumber(share(count)) }),
  });
  const roles = landscape.clusters_with_role;
  return (
    <>
      <section className="panel" aria-labelledby={keyId}>
        <h2 id={keyId}>{t("landscape.keyFigures")}</h2>
        <dl className="key-figures">
          <div>
            <dt>{t("landscape.clusters")}</dt>
            <dd>{formatNumber(landscape.clusters)}</dd>
          </div>
          <div>
            <dt>{t("landscape.clinics")}</dt>
            <dd>{formatNumber(landscape.clinics)}</dd>
          </div>
          <div>
            <dt>{t("landscape.doctors")}</dt>
            <dd>{formatNumber(landscape.doctors)}</dd>
          </div>
          <div>
            <dt>{t("landscape.patients")}</dt>
            <dd>{formatNumber(landscape.patients)}</dd>
          </div>
        </dl>
        <div className="chart-grid">
          <DistributionChart
            title={t("landscape.doctorsPerCluster")}
            distribution={landscape.doctors_per_cluster}
            unit={t("landscape.unitDoctors")}
          />
          <DistributionChart
            title={t("landscape.patientsPerCluster")}
            distribution={landscape.patients_per_cluster}
            unit={t("landscape.unitPatients")}
          />
        </div>
      </section>
      <section className="panel" aria-labelledby={rolesId}>
        <h2 id={rolesId}>{t("landscape.roles")}</h2>
        <BarChart
          caption={t("landscape.rolesCaption", { count: formatNumber(total) })}
          max={100}
          bars={[
            roleBar(t("landscape.role.onlyCoordinator"), landscape.clusters_with_only_coordinator),
            roleBar(t("landscape.role.coCoordinator"), roles.co_coordinator),
            roleBar(t("landscape.role.boardMember"), roles.board_member),
            roleBar(t("landscape.role.treasurer"), roles.treasurer),
            roleBar(t("landscape.role.secretary"), roles.secretary),
          ]}
        />
      </section>
      <MeetingFigures meetings={landscape.meetings} />
    </>
  );
}
