import { useId } from "react";
import { useMe, useUsers } from "../api/queries";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { useI18n } from "../i18n/context";

function UsersTable() {
  const { t, formatDate } = useI18n();
  const users = useUsers();
  const captionId = useId();

  if (users.isPending) return <LoadingState />;
  if (users.isError && !users.isFetchNextPageError) {
    return <ErrorState error={users.error} onRetry={() => void users.refetch()} />;
  }
  const items = users.data.pages.flatMap((page) => page.items);
  if (items.length === 0) return <EmptyState title={t("admin.users.empty")} />;

  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="table">
          <caption id={captionId}>{t("admin.users.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("admin.users.name")}</th>
              <th scope="col">{t("admin.users.email")}</th>
              <th scope="col">{t("admin.users.organisations")}</th>
              <th scope="col">{t("admin.users.role")}</th>
              <th scope="col">{t("admin.users.status")}</th>
              <th scope="col">{t("admin.users.lastLogin")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((user) => (
              <tr key={user.id}>
                <th scope="row">{user.name}</th>
                <td>{user.email}</td>
                <td>
                  {user.organisations.length > 0 ? (
                    <ul className="inline-list">
                      {user.organisations.map((organisation) => (
                        <li key={organisation.id}>{organisation.name}</li>
                      ))}
                    </ul>
                  ) : (
                    t("common.none")
                  )}
                </td>
                <td>{user.is_platform_admin ? t("admin.users.platformAdmin") : t("admin.users.member")}</td>
                <td>{!user.is_active ? t("admin.users.inactive") : t("admin.users.active")}</td>
                <td>
                  {user.last_login_at ? (
                    <time dateTime={user.last_login_at}>{formatDate(user.last_login_at, "short")}</time>
                  ) : (
                    t("admin.users.never")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted" role="status">
        {t("admin.users.shown", { count: items.length })}
      </p>
      {users.isFetchNextPageError ? (
        <ErrorState error={users.error} onRetry={() => void users.fetchNextPage()} />
      ) : null}
      {users.hasNextPage && !users.isFetchNextPageError ? (
        <button
          type="button"
          className="button button--secondary"
          disabled={users.isFetchingNextPage}
          onClick={() => void users.fetchNextPage()}
        >
          {users.isFetchingNextPage ? t("admin.users.loadingMore") : t("admin.users.more")}
        </button>
      ) : null}
    </>
  );
}

export default function AdminUsersPage() {
  const { t } = useI18n();
  const me = useMe();
  const headingId = useId();
  useDocumentTitle("admin.title");

  let content;
  if (me.isPending) content = <LoadingState />;
  else if (me.isError) content = <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  else if (!me.data.is_platform_admin) {
    content = <p className="notice notice--info">{t("admin.forbidden")}</p>;
  } else {
    content = (
      <section className="panel" aria-labelledby={headingId}>
        <h2 id={headingId}>{t("admin.users.title")}</h2>
        <UsersTable />
      </section>
    );
  }

  return (
    <>
      <h1>{t("admin.title")}</h1>
      {content}
    </>
  );
}
