/**
 * The fees a cluster's closed meetings propose: the coordinator's fee per held meeting and each
 * guest speaker's minutes at the rate per hour. The treasurer or coordinator confirms a proposed
 * fee ("Godkend"), PLO books a confirmed one ("Bogfør"). The fee rules are changed in a dialog
 * of kroner fields, with the ETag they were read with.
 */
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { IconCheck, IconPencil, IconReceipt } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { bookFee, confirmFee, economyKeys, feeKeys, parseKroner, readFeeRules, updateFeeRules, useFeeRules, useFees } from "../../api/economy";
import { ApiError } from "../../api/errors";
import { useMembers } from "../../api/registry";
import type { FeeBasis, FeeProposal, FeeRules, FeeState } from "../../api/types";
import { meetingPath } from "../../app/navigation";
import { FormDialog, useChange, WithCurrentVersion } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Notice } from "../../components/Notice";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";
import type { PlainKey } from "../../i18n/translate";
import { kronerText } from "./RateDialog";
import type { EconomyRights } from "./rights";

/** The fees' place on the ledger's page, for a link from the treasurer's home. */
export const FEES_ANCHOR = "honorarer";

export const FEE_STATE_KEYS: Record<FeeState, PlainKey> = {
  proposed: "economy.fees.state.proposed",
  confirmed: "economy.fees.state.confirmed",
  booked: "economy.fees.state.booked",
};

const FEE_STATE_COLOURS: Record<FeeState, string> = { proposed: "yellow.9", confirmed: "klynge.8", booked: "green.9" };

export const FEE_BASIS_KEYS: Record<FeeBasis, PlainKey> = {
  coordinator: "economy.fees.basis.coordinator",
  speaker: "economy.fees.basis.speaker",
};

function FeeItem({ fee, recipient, rights, onDone }: { fee: FeeProposal; recipient: string; rights: EconomyRights; onDone: (message: string) => void }) {
  const { t, formatMoney, formatDate, formatNumber } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const amount = formatMoney(fee.amount_ore);
  const action = useMutation({
    mutationFn: (kind: "confirm" | "book") => (kind === "confirm" ? confirmFee(api, fee.id, crypto.randomUUID()) : bookFee(api, fee.id, crypto.randomUUID())),
    onSuccess: async (_result, kind) => {
      await queryClient.invalidateQueries({ queryKey: economyKeys.all });
      onDone(kind === "confirm" ? t("economy.fees.confirmed", { recipient }) : t("economy.fees.booked", { recipient }));
    },
  });
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <Stack gap={2} miw={0}>
            <Text fw={600} style={{ overflowWrap: "anywhere" }}>{recipient}</Text>
            <Text size="sm">{t(FEE_BASIS_KEYS[fee.basis])}</Text>
          </Stack>
          <Text fw={700} style={{ whiteSpace: "nowrap" }}>{amount}</Text>
        </Group>
        <Group gap="xs" wrap="wrap">
          <Badge variant="filled" color={FEE_STATE_COLOURS[fee.state]} tt="none" size="sm">{t(FEE_STATE_KEYS[fee.state])}</Badge>
          <Text size="sm" c="dimmed">
            {fee.minutes === null
              ? `${t("economy.fees.flat")}: ${formatMoney(fee.rate_ore)}`
              : `${t("economy.fees.minutesValue", { minutes: formatNumber(fee.minutes) })} · ${t("economy.fees.rate")} ${formatMoney(fee.rate_ore)}/t`}
          </Text>
          <Text size="sm" c="dimmed">{t("economy.fees.proposedOn", { date: formatDate(fee.created_at, "short") })}</Text>
          <Link to={meetingPath(fee.meeting_id)}>{t("economy.fees.meeting")}</Link>
        </Group>
        {(fee.state === "proposed" && rights.keep) || (fee.state === "confirmed" && rights.book) ? (
          <Group gap="xs">
            {fee.state === "proposed" ? (
              <Button
                size="xs"
                leftSection={<IconCheck size={16} aria-hidden />}
                loading={action.isPending}
                aria-label={t("economy.fees.confirmAbout", { recipient, amount })}
                onClick={() => { action.mutate("confirm"); }}
              >
                {t("economy.fees.confirm")}
              </Button>
            ) : (
              <Button
                size="xs"
                leftSection={<IconReceipt size={16} aria-hidden />}
                loading={action.isPending}
                aria-label={t("economy.fees.bookAbout", { recipient, amount })}
                onClick={() => { action.mutate("book"); }}
              >
                {t("economy.fees.book")}
              </Button>
            )}
          </Group>
        ) : null}
        {action.error ? <ErrorState error={action.error} /> : null}
      </Stack>
    </Paper>
  );
}

function RulesForm({ clusterId, rules, etag, onClose, onReload }: { clusterId: string; rules: FeeRules; etag: string; onClose: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const [coordinator, setCoordinator] = useState(kronerText(rules.coordinator_fee_ore));
  const [speaker, setSpeaker] = useState(kronerText(rules.speaker_rate_ore_per_hour));
  const [invalid, setInvalid] = useState<{ coordinator?: boolean; speaker?: boolean }>({});
  const change = useChange(
    [feeKeys.rules(clusterId)],
    (values: { coordinator_fee_ore: number; speaker_rate_ore_per_hour: number }) => updateFeeRules(api, clusterId, values, etag),
    onClose,
  );
  const stale = change.error instanceof ApiError && change.error.kind === "precondition-failed";
  return (
    <FormDialog
      title={t("economy.fees.rulesTitle")}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={stale ? null : change.error}
      showFieldErrors
      disabled={stale}
      onSubmit={() => {
        const coordinatorOre = parseKroner(coordinator);
        const speakerOre = parseKroner(speaker);
        setInvalid({ coordinator: coordinatorOre === null, speaker: speakerOre === null });
        if (coordinatorOre !== null && speakerOre !== null) change.mutate({ coordinator_fee_ore: coordinatorOre, speaker_rate_ore_per_hour: speakerOre });
      }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Text size="sm">{t("economy.fees.rulesIntro")}</Text>
        <TextInput
          required
          label={t("economy.fees.rulesCoordinator")}
          inputMode="decimal"
          autoComplete="off"
          value={coordinator}
          onChange={(event) => { setCoordinator(event.currentTarget.value); }}
          error={invalid.coordinator ? t("economy.budget.amountInvalid") : undefined}
        />
        <TextInput
          required
          label={t("economy.fees.rulesSpeaker")}
          inputMode="decimal"
          autoComplete="off"
          value={speaker}
          onChange={(event) => { setSpeaker(event.currentTarget.value); }}
          error={invalid.speaker ? t("economy.budget.amountInvalid") : undefined}
        />
        {stale ? (
          <Notice tone="error" role="alert" title={t("economy.fees.preconditionFailed")}>
            <Button variant="default" size="xs" mt={4} onClick={onReload}>
              {t("economy.budget.reload")}
            </Button>
          </Notice>
        ) : null}
      </Stack>
    </FormDialog>
  );
}

export function FeeRulesDialog({ clusterId, onClose }: { clusterId: string; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = ["fee-rules", clusterId];
  return (
    <WithCurrentVersion title={t("economy.fees.rulesTitle")} queryKey={queryKey} load={() => readFeeRules(api, clusterId)} onClose={onClose}>
      {(current) => (
        <RulesForm
          key={current.etag}
          clusterId={clusterId}
          rules={current.data}
          etag={current.etag}
          onClose={onClose}
          onReload={() => void queryClient.invalidateQueries({ queryKey: ["current-version", ...queryKey] })}
        />
      )}
    </WithCurrentVersion>
  );
}

function Rules({ clusterId, canEdit }: { clusterId: string; canEdit: boolean }) {
  const { t, formatMoney } = useI18n();
  const rules = useFeeRules(clusterId);
  const [editing, setEditing] = useState(false);
  if (rules.isPending) return <LoadingState />;
  if (rules.isError) return <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />;
  return (
    <Paper withBorder p="sm" radius="md" role="group" aria-label={t("economy.fees.rules")}>
      <Group justify="space-between" align="flex-end" gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" style={{ flex: 1 }}>
          <div>
            <Text fw={600}>{formatMoney(rules.data.coordinator_fee_ore)}</Text>
            <Text size="sm" c="dimmed">{t("economy.fees.rulesCoordinator")}</Text>
          </div>
          <div>
            <Text fw={600}>{formatMoney(rules.data.speaker_rate_ore_per_hour)}</Text>
            <Text size="sm" c="dimmed">{t("economy.fees.rulesSpeaker")}</Text>
          </div>
        </SimpleGrid>
        {canEdit ? (
          <Button variant="default" size="xs" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => { setEditing(true); }}>
            {t("economy.fees.rulesEdit")}
          </Button>
        ) : null}
      </Group>
      {editing ? <FeeRulesDialog clusterId={clusterId} onClose={() => { setEditing(false); }} /> : null}
    </Paper>
  );
}

/** The fee proposals of a cluster with their states, and what the person may do with them. */
export function FeesSection({ clusterId, rights }: { clusterId: string; rights: EconomyRights }) {
  const { t } = useI18n();
  const fees = useFees(clusterId);
  const members = useMembers(clusterId);
  const [done, setDone] = useState<string | null>(null);
  const names = new Map((members.data ?? []).filter((member) => member.user_id).map((member) => [member.user_id, member.name]));
  const recipientOf = (fee: FeeProposal) =>
    fee.speaker_name ?? (fee.recipient_user_id ? names.get(fee.recipient_user_id) : undefined) ?? t("economy.fees.coordinator");
  // Newest first: what waits for confirmation now sits at the top.
  const items = [...(fees.data ?? [])].reverse();
  const loaded = fees.isSuccess;
  // The treasurer's home links here (#honorarer): the section comes into view once it is there.
  useEffect(() => {
    if (loaded && window.location.hash === `#${FEES_ANCHOR}`) document.getElementById(FEES_ANCHOR)?.scrollIntoView({ block: "start" });
  }, [loaded]);
  return (
    <div id={FEES_ANCHOR}>
    <Section title={t("economy.fees.title")}>
      <Text size="sm" c="dimmed">{t("economy.fees.intro")}</Text>
      <Rules clusterId={clusterId} canEdit={rights.keep} />
      {done ? <Notice tone="success" role="status" title={done} /> : null}
      {fees.isPending ? <LoadingState /> : null}
      {fees.isError ? <ErrorState error={fees.error} onRetry={() => void fees.refetch()} /> : null}
      {fees.isSuccess && items.length === 0 ? <Text>{t("economy.fees.empty")}</Text> : null}
      {items.length > 0 ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("economy.fees.title")}>
          {items.map((fee) => (
            <FeeItem key={fee.id} fee={fee} recipient={recipientOf(fee)} rights={rights} onDone={setDone} />
          ))}
        </Stack>
      ) : null}
    </Section>
    </div>
  );
}
