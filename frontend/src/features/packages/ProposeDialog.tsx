/** "Del som klyngepakke": a coordinator proposes a held meeting as a package to the cluster's regional unit. */
import { Checkbox, Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { proposalKeys, proposePackage, type PackageProposalDetail } from "../../api/packageProposals";
import type { MeetingDetail } from "../../api/types";
import { FormDialog, fieldErrorsOf, useChange, useIdempotencyKey } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";

interface Props {
  meeting: MeetingDetail;
  onClose: () => void;
  onDone: (proposal: PackageProposalDetail) => void;
}

export function ProposeDialog({ meeting, onClose, onDone }: Props) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const idempotencyKey = useIdempotencyKey();
  // An item without minutes (a break marked as such) is no part of a package's agenda.
  const items = [...meeting.agenda_items].sort((a, b) => a.position - b.position).filter((item) => item.duration_minutes > 0);
  const [title, setTitle] = useState(meeting.title);
  const [summary, setSummary] = useState(meeting.description);
  const [themes, setThemes] = useState<string[]>([]);
  const [audience, setAudience] = useState(t("proposal.defaultAudience"));
  const [notes, setNotes] = useState("");
  const [withEvaluation, setWithEvaluation] = useState(true);
  const [chosen, setChosen] = useState<string[]>(items.map((item) => item.id));
  const total = items.filter((item) => chosen.includes(item.id)).reduce((sum, item) => sum + item.duration_minutes, 0);
  const send = useChange(
    [proposalKeys.cluster(meeting.cluster_id), proposalKeys.all],
    () =>
      proposePackage(
        api,
        meeting.cluster_id,
        {
          meeting_id: meeting.id,
          title: title.trim(),
          summary,
          themes,
          audience,
          agenda_item_ids: chosen,
          ...(notes.trim() ? { notes } : {}),
          include_evaluation: withEvaluation,
        },
        idempotencyKey,
      ),
    onDone,
  );
  const errors = fieldErrorsOf(send.error, t);
  return (
    <FormDialog
      title={t("proposal.shareTitle")}
      submitLabel={t("proposal.send")}
      pendingLabel={t("proposal.sending")}
      pending={send.isPending}
      error={send.error}
      disabled={!title.trim() || chosen.length === 0}
      onSubmit={() => { send.mutate(undefined); }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Text>{t("proposal.shareLead")}</Text>
        <TextInput label={t("proposal.field.title")} required value={title} error={errors.title?.join(" ")} onChange={(event) => { setTitle(event.currentTarget.value); }} />
        <Textarea label={t("proposal.field.summary")} rows={4} value={summary} error={errors.summary?.join(" ")} onChange={(event) => { setSummary(event.currentTarget.value); }} />
        <TagsInput
          label={t("proposal.field.themes")}
          description={t("proposal.field.themesHint")}
          value={themes}
          onChange={setThemes}
          error={errors.themes?.join(" ")}
        />
        <TextInput label={t("proposal.field.audience")} value={audience} error={errors.audience?.join(" ")} onChange={(event) => { setAudience(event.currentTarget.value); }} />
        <Checkbox.Group
          label={t("proposal.field.items")}
          description={t("proposal.total", { minutes: formatNumber(total) })}
          value={chosen}
          onChange={setChosen}
          error={errors.agenda_item_ids?.join(" ")}
        >
          <Stack gap={6} mt={6}>
            {items.map((item) => (
              <Checkbox key={item.id} value={item.id} label={t("proposal.item", { title: item.title, minutes: formatNumber(item.duration_minutes) })} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Textarea
          label={t("proposal.field.notes")}
          description={t("proposal.field.notesHint")}
          rows={4}
          value={notes}
          error={errors.notes?.join(" ")}
          onChange={(event) => { setNotes(event.currentTarget.value); }}
        />
        <Checkbox
          label={t("proposal.field.evaluation")}
          description={t("proposal.field.evaluationHint")}
          checked={withEvaluation}
          onChange={(event) => { setWithEvaluation(event.currentTarget.checked); }}
        />
      </Stack>
    </FormDialog>
  );
}
