import { Badge } from "@mantine/core";
import { useBoardVisit } from "../../api/posts";
import { useI18n } from "../../i18n/context";

/** The board tab's label, with how many threads are new to the reader. */
export function BoardTabLabel({ clusterId }: { clusterId: string }) {
  const { t, formatNumber } = useI18n();
  const visit = useBoardVisit({ kind: "cluster", clusterId });
  const unread = visit.data?.unread_threads ?? 0;
  return (
    <>
      {t("cluster.tab.opslag")}
      {unread > 0 ? (
        <>
          {" "}
          <Badge component="span" size="sm" color="klynge.8" variant="filled">
            {t("board.unread", { count: formatNumber(unread) })}
          </Badge>
        </>
      ) : null}
    </>
  );
}
