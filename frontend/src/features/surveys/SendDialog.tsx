/** Send a draft survey, after saying how many people it goes to ("Sendes til N personer"). */
import { Text } from "@mantine/core";
import { useApi } from "../../api/context";
import { useInvitations } from "../../api/meetings";
import { useMembers, useSubClusters } from "../../api/registry";
import { countPeople, sendSurvey, surveyKeys, type Survey } from "../../api/surveys";
import { FormDialog, useChange } from "../../components/dialogs";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";

/** How many people a cluster's survey reaches now (null while counting). */
function useAudienceSize(survey: Survey): number | null {
  const clusterId = survey.cluster?.id ?? "";
  const byMeeting = survey.audience === "meeting" && survey.meeting_id !== null;
  const invitations = useInvitations(survey.meeting_id ?? "", byMeeting);
  const members = useMembers(clusterId);
  const subClusters = useSubClusters(clusterId);
  if (byMeeting) return invitations.data ? countPeople(invitations.data.map((invitation) => invitation.user_id)) : null;
  if (!members.data) return null;
  if (survey.audience === "sub_cluster") {
    if (!subClusters.data) return null;
    const clinics = new Set(subClusters.data.find((sub) => sub.id === survey.sub_cluster_id)?.clinic_ids ?? []);
    return countPeople(members.data.filter((member) => clinics.has(member.clinic_id)).map((member) => member.user_id));
  }
  return countPeople(members.data.map((member) => member.user_id));
}

export function SendDialog({ survey, onClose, onDone }: { survey: Survey; onClose: () => void; onDone: (message: string) => void }) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const size = useAudienceSize(survey);
  const send = useChange([surveyKeys.all], () => sendSurvey(api, survey.id), (sent) => {
    onDone(t("surveys.send.done", { count: formatNumber(sent.recipient_count) }));
  });
  return (
    <FormDialog
      title={t("surveys.send.title", { title: survey.title })}
      submitLabel={t("surveys.send.submit")}
      pendingLabel={t("surveys.send.pending")}
      pending={send.isPending}
      error={send.error}
      onSubmit={() => { send.mutate(undefined); }}
      onClose={onClose}
    >
      {size === null ? (
        <LoadingState />
      ) : (
        <Text fw={600}>{size === 1 ? t("surveys.send.countOne") : t("surveys.send.count", { count: formatNumber(size) })}</Text>
      )}
      <Text>{t("surveys.send.body")}</Text>
    </FormDialog>
  );
}
