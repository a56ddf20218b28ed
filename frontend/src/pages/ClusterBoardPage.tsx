import { Link, useParams } from "react-router";
import { useCluster } from "../api/registry";
import { clusterPath } from "../app/navigation";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Board } from "../features/board/Board";
import { useI18n } from "../i18n/context";

/** /klynger/:clusterId/opslag: the cluster's notice board. */
export default function ClusterBoardPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  useDocumentTitle("board.title");
  return (
    <>
      <p className="breadcrumb">
        <Link to={clusterPath(clusterId)}>{cluster.data?.name ?? t("cluster.title")}</Link>
      </p>
      <h1>{t("board.title")}</h1>
      {cluster.data ? <p className="lead">{cluster.data.name}</p> : null}
      <Board key={clusterId} board={{ kind: "cluster", clusterId }} clusterId={clusterId} title={t("board.all")} />
    </>
  );
}
