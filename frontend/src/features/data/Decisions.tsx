/**
 * The cluster's decisions on open or closed data, each its general assembly's for a span of
 * dates, newest first, an expired one marked as counting as closed. The coordinators record a
 * new one, or change one recorded wrongly, in a dialog: a change is sent with the ETag the
 * decision was read with, so one someone else made meanwhile is refused (412), not lost.
 * Who may is the API's to decide; the buttons are only shown to those it lets.
 */
import { Badge, Button, Group, Paper, Radio, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCheck, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useApi } from "../../api/context";
import { ApiError } from "../../api/errors";
import { createDecision, readDecision, replaceDecision, useDataDecisions, type DecisionValues } from "../../api/indicators";
import { registryKeys } from "../../api/registry";
import type { DataDecision, DataPolicy, Me } from "../../api/types";
import { fieldErrorsOf, FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Notice } from "../../components/Notice";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import { todayInDenmark } from "../../i18n/format";

/** The coordinators (and the platform admin) record decisions; the API decides again. */
export function recordsDecisions(me: Me | undefined, clusterId: string): boolean {
  if (!me) return false;
  if (me.is_platform_admin) return true;
  const roles: readonly string[] = me.clusters.find((cluster) => cluster.id === clusterId)?.roles ?? [];
  return roles.includes("coordinator") || roles.includes("co_coordinator");
}

type Dialog = { kind: "add" } | { kind: "edit"; decision: DataDecision };

function DecisionFields({
  form,
  error,
}: {
  form: ReturnType<typeof useForm<DecisionValues>>;
  error: unknown;
}) {
  const { t } = useI18n();
  const errors = fieldErrorsOf(error, t);
  const apiError = (field: string) => errors[field]?.join(" ");
  return (
    <Stack gap="sm">
      <Radio.Group label={t("data.decisions.policy")} required key={form.key("policy")} {...form.getInputProps("policy")} error={apiError("policy")}>
        <Stack gap="xs" mt={4}>
          <Radio value="open" label={t("data.decisions.open")} description={t("data.decisions.openHint")} />
          <Radio value="closed" label={t("data.decisions.closed")} description={t("data.decisions.closedHint")} />
        </Stack>
      </Radio.Group>
      <TextInput required type="date" label={t("data.decisions.decidedOn")} key={form.key("decided_on")} {...form.getInputProps("decided_on")} error={apiError("decided_on")} />
      <TextInput required type="date" label={t("data.decisions.validFrom")} key={form.key("valid_from")} {...form.getInputProps("valid_from")} error={apiError("valid_from")} />
      <TextInput
        type="date"
        label={t("data.decisions.validTo")}
        description={t("data.decisions.validToHint")}
        key={form.key("valid_to")}
        {...form.getInputProps("valid_to")}
        error={apiError("valid_to")}
      />
    </Stack>
  );
}

function AddDecisionDialog({ clusterId, onClose, onSaved }: { clusterId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const today = todayInDenmark();
  const form = useForm<DecisionValues>({
    mode: "uncontrolled",
    initialValues: { policy: "closed", decided_on: today, valid_from: today, valid_to: "" },
  });
  const change = useChange([registryKeys.cluster(clusterId)], (values: DecisionValues) => createDecision(api, clusterId, values, key), onSaved);
  return (
    <FormDialog
      title={t("data.decisions.addTitle")}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <DecisionFields form={form} error={change.error} />
    </FormDialog>
  );
}

function EditDecisionForm({
  clusterId,
  decision,
  etag,
  onClose,
  onSaved,
  onReload,
}: {
  clusterId: string;
  decision: DataDecision;
  etag: string;
  onClose: () => void;
  onSaved: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const form = useForm<DecisionValues>({
    mode: "uncontrolled",
    initialValues: {
      policy: decision.policy,
      decided_on: decision.decided_on,
      valid_from: decision.valid_from,
      valid_to: decision.valid_to ?? "",
    },
  });
  const change = useChange(
    [registryKeys.cluster(clusterId)],
    (values: DecisionValues) => replaceDecision(api, clusterId, decision.id, values, etag),
    onSaved,
  );
  const stale = change.error instanceof ApiError && change.error.kind === "precondition-failed";
  return (
    <FormDialog
      title={t("data.decisions.editTitle")}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={stale ? null : change.error}
      disabled={stale}
      onSubmit={() => { change.mutate(form.getValues()); }}
      onClose={onClose}
    >
      <DecisionFields form={form} error={change.error} />
      {stale ? (
        <Notice tone="error" role="alert" title={t("data.decisions.stale")}>
          <Button variant="default" size="xs" mt={4} onClick={onReload}>
            {t("data.decisions.reload")}
          </Button>
        </Notice>
      ) : null}
    </FormDialog>
  );
}

function EditDecisionDialog({ clusterId, decision, onClose, onSaved }: { clusterId: string; decision: DataDecision; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = ["data-decision", decision.id];
  return (
    <WithCurrentVersion title={t("data.decisions.editTitle")} queryKey={queryKey} load={() => readDecision(api, clusterId, decision.id)} onClose={onClose}>
      {(current) => (
        <EditDecisionForm
          key={current.etag}
          clusterId={clusterId}
          decision={current.data}
          etag={current.etag}
          onClose={onClose}
          onSaved={onSaved}
          onReload={() => void queryClient.invalidateQueries({ queryKey: ["current-version", ...queryKey] })}
        />
      )}
    </WithCurrentVersion>
  );
}

export function policyLabel(policy: DataPolicy, t: ReturnType<typeof useI18n>["t"]): string {
  return t(policy === "open" ? "data.decisions.open" : "data.decisions.closed");
}

function DecisionItem({ decision, canEdit, onEdit }: { decision: DataDecision; canEdit: boolean; onEdit: () => void }) {
  const { t, formatDate } = useI18n();
  const from = formatDate(decision.valid_from);
  const span = decision.valid_to
    ? t("data.decisions.span", { from, to: formatDate(decision.valid_to) })
    : t("data.decisions.spanOpen", { from });
  return (
    <Paper component="li" withBorder p="sm" radius="md" data-testid="data-decision">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Stack gap={4} miw={0}>
          <Text fw={600}>{span}</Text>
          <Group gap="xs">
            <Text style={decision.expired ? { textDecoration: "line-through" } : undefined}>{policyLabel(decision.policy, t)}</Text>
            {decision.expired ? (
              <Badge color="red.9" variant="filled" tt="none">{t("data.decisions.expired")}</Badge>
            ) : null}
          </Group>
          <Text size="sm" c="dimmed">{t("data.decisions.decided", { date: formatDate(decision.decided_on) })}</Text>
        </Stack>
        {canEdit ? (
          <Button variant="default" size="xs" onClick={onEdit} aria-label={t("data.decisions.editLabel", { from })}>
            {t("data.decisions.edit")}
          </Button>
        ) : null}
      </Group>
    </Paper>
  );
}

export function DecisionsSection({ clusterId, canRecord }: { clusterId: string; canRecord: boolean }) {
  const { t } = useI18n();
  const decisions = useDataDecisions(clusterId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [saved, setSaved] = useState(false);
  const close = () => { setDialog(null); };
  const done = () => {
    setDialog(null);
    setSaved(true);
  };
  let body;
  if (decisions.isPending) body = <LoadingState />;
  else if (decisions.isError) body = <ErrorState error={decisions.error} onRetry={() => void decisions.refetch()} />;
  else if (decisions.data.length === 0) body = <Text>{t("data.decisions.none")}</Text>;
  else {
    body = (
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
        {[...decisions.data].reverse().map((decision) => (
          <DecisionItem
            key={decision.id}
            decision={decision}
            canEdit={canRecord}
            onEdit={() => {
              setSaved(false);
              setDialog({ kind: "edit", decision });
            }}
          />
        ))}
      </Stack>
    );
  }
  return (
    <Section
      title={t("data.decisions.title")}
      actions={
        canRecord ? (
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => {
              setSaved(false);
              setDialog({ kind: "add" });
            }}
          >
            {t("data.decisions.add")}
          </Button>
        ) : null
      }
    >
      <Text size="sm" c="dimmed">{t("data.decisions.intro")}</Text>
      {/* The live region stays in the page, so that the message is announced when it appears. */}
      <Group role="status" gap="xs">
        {saved ? (
          <>
            <IconCheck size={18} color="var(--mantine-color-green-9)" aria-hidden />
            <Text fw={600}>{t("data.decisions.saved")}</Text>
          </>
        ) : null}
      </Group>
      {body}
      {dialog?.kind === "add" ? <AddDecisionDialog clusterId={clusterId} onClose={close} onSaved={done} /> : null}
      {dialog?.kind === "edit" ? <EditDecisionDialog clusterId={clusterId} decision={dialog.decision} onClose={close} onSaved={done} /> : null}
    </Section>
  );
}
