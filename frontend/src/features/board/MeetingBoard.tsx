import { useMeeting } from "../../api/meetings";
import { useI18n } from "../../i18n/context";
import { Board } from "./Board";

/** The meeting's own notice board, as a section of its page. */
export function MeetingBoard({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  // The meeting's page has read it already: this only learns its cluster (who may write).
  const meeting = useMeeting(meetingId);
  return (
    <Board key={meetingId} board={{ kind: "meeting", meetingId }} clusterId={meeting.data?.cluster_id} title={t("board.title")} />
  );
}
