import { Link } from "react-router";
import { useBoardVisit } from "../../api/posts";
import { clusterBoardPath } from "../../app/navigation";
import { useI18n } from "../../i18n/context";

/** The way to the cluster's board, with how many threads are new to the reader. */
export function BoardLink({ clusterId }: { clusterId: string }) {
  const { t, formatNumber } = useI18n();
  const visit = useBoardVisit({ kind: "cluster", clusterId });
  const unread = visit.data?.unread_threads ?? 0;
  return (
    <Link className="button button--secondary" to={clusterBoardPath(clusterId)}>
      {t("board.link")}
      {unread > 0 ? (
        <>
          {" "}
          <span className="badge badge--new">{t("board.unread", { count: formatNumber(unread) })}</span>
        </>
      ) : null}
    </Link>
  );
}
