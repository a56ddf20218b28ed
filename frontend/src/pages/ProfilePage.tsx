import "../theme/pageStyles";
import { useId } from "react";
import { useMe } from "../api/queries";
import { rolesLabel } from "../components/clusterRoles";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { organisationDescription } from "../components/organisations";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { CalendarFeedSection } from "../features/calendar/CalendarFeedSection";
import { useI18n } from "../i18n/context";

export default function ProfilePage() {
  const { t, formatDate, formatDateTime } = useI18n();
  const me = useMe({ staleTime: 0 });
  const detailsId = useId();
  const organisationsId = useId();
  const rolesId = useId();
  useDocumentTitle("profile.title");

  if (me.isPending) {
    return (
      <>
        <h1>{t("profile.title")}</h1>
        <LoadingState />
      </>
    );
  }
  if (me.isError) {
    return (
      <>
        <h1>{t("profile.title")}</h1>
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </>
    );
  }

  const person = me.data;
  const organisations = person.organisations;
  return (
    <>
      <h1>{t("profile.title")}</h1>
      <section className="panel" aria-labelledby={detailsId}>
        <h2 id={detailsId}>{t("profile.details")}</h2>
        <dl className="details">
          <div>
            <dt>{t("profile.name")}</dt>
            <dd>{person.name}</dd>
          </div>
          <div>
            <dt>{t("profile.email")}</dt>
            <dd>{person.email}</dd>
          </div>
          <div>
            <dt>{t("profile.lastLogin")}</dt>
            <dd>
              {person.last_login_at ? (
                <time dateTime={person.last_login_at}>{formatDateTime(person.last_login_at)}</time>
              ) : (
                t("profile.neverLoggedIn")
              )}
            </dd>
          </div>
          {person.created_at ? (
            <div>
              <dt>{t("profile.created")}</dt>
              <dd>
                <time dateTime={person.created_at}>{formatDate(person.created_at)}</time>
              </dd>
            </div>
          ) : null}
        </dl>
      </section>

      <CalendarFeedSection />

      <section className="panel" aria-labelledby={organisationsId}>
        <h2 id={organisationsId}>{t("profile.organisations")}</h2>
        {organisations.length === 0 ? (
          <EmptyState title={t("profile.organisationsEmpty")} />
        ) : (
          <ul className="card-list">
            {organisations.map((organisation) => (
              <li key={organisation.id} className="card">
                <p className="card__title">{organisation.name}</p>
                <p className="card__meta">{organisationDescription(organisation, t)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby={rolesId}>
        <h2 id={rolesId}>{t("profile.roles")}</h2>
        {person.is_platform_admin ? (
          <p>
            <span className="badge">{t("profile.platformAdmin")}</span>
          </p>
        ) : null}
        <h3>{t("profile.clusterRoles")}</h3>
        {person.clusters.length === 0 ? (
          <EmptyState title={t("profile.clusterRolesEmpty")} />
        ) : (
          <ul className="card-list">
            {person.clusters.map((cluster) => (
              <li key={cluster.id} className="card">
                <p className="card__title">{cluster.name}</p>
                <p className="card__meta">{rolesLabel(cluster.roles, t)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
