import "../theme/pageStyles";
import { useParams } from "react-router";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Board } from "../features/board/Board";
import { useI18n } from "../i18n/context";

/** /klynger/:clusterId/opslag: the cluster's notice board, a tab of the cluster's page. */
export default function ClusterBoardPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  useDocumentTitle("board.title");
  return <Board key={clusterId} board={{ kind: "cluster", clusterId }} clusterId={clusterId} title={t("board.all")} />;
}
