/** The steps of a package proposal, each in its dialog: revise, withdraw (the cluster), return with a comment (the unit). */
import { Stack, TagsInput, Text, TextInput, Textarea } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../../api/context";
import { proposalKeys, reviseProposal, stepProposal, withdrawProposal, type PackageProposal, type PackageProposalDetail } from "../../api/packageProposals";
import { FormDialog, WithCurrentVersion, fieldErrorsOf, useChange, useIdempotencyKey } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";

interface DialogProps {
  proposal: PackageProposal;
  onClose: () => void;
  onDone: (message: string) => void;
}

export function ReviseDialog({ proposal, onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <WithCurrentVersion
      title={t("proposal.revise")}
      queryKey={[...proposalKeys.one(proposal.id), "current"]}
      load={() => api.client.GET("/api/v1/package-proposals/{proposal_id}", { params: { path: { proposal_id: proposal.id } } })}
      onClose={onClose}
    >
      {(current) => <ReviseForm proposal={current.data} etag={current.etag} onClose={onClose} onDone={onDone} />}
    </WithCurrentVersion>
  );
}

function ReviseForm({ proposal, etag, onClose, onDone }: { proposal: PackageProposalDetail; etag: string; onClose: () => void; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [title, setTitle] = useState(proposal.title);
  const [summary, setSummary] = useState(proposal.summary);
  const [themes, setThemes] = useState<string[]>(proposal.themes);
  const [audience, setAudience] = useState(proposal.audience);
  const [notes, setNotes] = useState(proposal.notes);
  const save = useChange(
    [proposalKeys.all],
    () => reviseProposal(api, proposal.id, { title: title.trim(), summary, themes, audience, notes }, etag),
    () => { onDone(t("proposal.revised")); },
  );
  const errors = fieldErrorsOf(save.error, t);
  return (
    <FormDialog
      title={t("proposal.revise")}
      submitLabel={t("common.save")}
      pending={save.isPending}
      error={save.error}
      disabled={!title.trim()}
      onSubmit={() => { save.mutate(undefined); }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <TextInput label={t("proposal.field.title")} required value={title} error={errors.title?.join(" ")} onChange={(event) => { setTitle(event.currentTarget.value); }} />
        <Textarea label={t("proposal.field.summary")} rows={4} value={summary} error={errors.summary?.join(" ")} onChange={(event) => { setSummary(event.currentTarget.value); }} />
        <TagsInput label={t("proposal.field.themes")} description={t("proposal.field.themesHint")} value={themes} onChange={setThemes} error={errors.themes?.join(" ")} />
        <TextInput label={t("proposal.field.audience")} value={audience} error={errors.audience?.join(" ")} onChange={(event) => { setAudience(event.currentTarget.value); }} />
        <Textarea label={t("proposal.field.notes")} rows={4} value={notes} error={errors.notes?.join(" ")} onChange={(event) => { setNotes(event.currentTarget.value); }} />
      </Stack>
    </FormDialog>
  );
}

export function WithdrawDialog({ proposal, onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const api = useApi();
  const withdraw = useChange([proposalKeys.all], () => withdrawProposal(api, proposal.id), () => { onDone(t("proposal.withdrawn")); });
  return (
    <FormDialog
      title={t("proposal.withdrawTitle", { title: proposal.title })}
      submitLabel={t("proposal.withdraw")}
      pending={withdraw.isPending}
      error={withdraw.error}
      danger
      onSubmit={() => { withdraw.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>{t("proposal.withdrawBody")}</Text>
    </FormDialog>
  );
}

export function ReturnDialog({ proposal, onClose, onDone }: DialogProps) {
  const { t } = useI18n();
  const api = useApi();
  const idempotencyKey = useIdempotencyKey();
  const [comment, setComment] = useState("");
  const send = useChange(
    [proposalKeys.all],
    () => stepProposal(api, proposal.id, { action: "return", comment }, idempotencyKey),
    () => { onDone(t("proposal.returned", { cluster: proposal.cluster_name })); },
  );
  const errors = fieldErrorsOf(send.error, t);
  return (
    <FormDialog
      title={t("proposal.returnTitle", { title: proposal.title })}
      submitLabel={t("proposal.return")}
      pending={send.isPending}
      error={send.error}
      disabled={!comment.trim()}
      onSubmit={() => { send.mutate(undefined); }}
      onClose={onClose}
    >
      <Textarea
        label={t("proposal.returnComment")}
        required
        rows={5}
        value={comment}
        error={errors.comment?.join(" ")}
        onChange={(event) => { setComment(event.currentTarget.value); }}
      />
    </FormDialog>
  );
}
