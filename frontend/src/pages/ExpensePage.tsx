/**
 * /udlaeg/:expenseId: one expense: its state, lines and total, its history (each step with who
 * took it and when), the bank details and receipts for those who may see them (the approver
 * sees the receipts inline; the claimant removes one from a draft), and the steps the person
 * may take (`my_permissions`): the claimant edits, deletes or submits a draft; the treasurer
 * or the coordinator approves, rejects or returns it; PLO books and pays.
 */
import "../theme/pageStyles";
import "@mantine/core/styles/Timeline.css";
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Textarea, Timeline, Title } from "@mantine/core";
import { IconArrowBackUp, IconCash, IconCheck, IconEdit, IconNotebook, IconSend, IconTrash, IconX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { deleteExpense, expenseKeys, stepExpense, useExpense, useReceipts, type ExpenseStep } from "../api/expenses";
import { economyKeys } from "../api/economy";
import type { ExpenseDetail, Receipt } from "../api/types";
import { clusterEconomyPath, expenseEditPath } from "../app/navigation";
import { FormDialog } from "../components/dialogs";
import { RowMenu } from "../components/RowMenu";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { CATEGORY_KEYS } from "../features/economy/labels";
import { ACTION_KEYS, STATE_COLORS, STATE_KEYS } from "../features/expenses/labels";
import { ReceiptView } from "../features/expenses/ReceiptView";
import { RemoveReceiptDialog } from "../features/expenses/RemoveReceiptDialog";
import { useI18n } from "../i18n/context";
import type { PlainKey } from "../i18n/translate";

type Dialog = "submit" | "approve" | "reject" | "return" | "book" | "pay" | "delete";

export function ExpenseStateBadge({ state }: { state: ExpenseDetail["state"] }) {
  const { t } = useI18n();
  return (
    <Badge variant="filled" tt="none" color={STATE_COLORS[state]}>
      {t(STATE_KEYS[state])}
    </Badge>
  );
}

function Receipts({ expense }: { expense: ExpenseDetail }) {
  const { t } = useI18n();
  const receipts = useReceipts(expense.id, expense.my_permissions.read_private);
  const [removing, setRemoving] = useState<Receipt | null>(null);
  if (!expense.my_permissions.read_private) return null;
  // The claimant takes a receipt off while the expense is a draft (the API decides again).
  const removable = expense.my_permissions.change && expense.state === "draft";
  return (
    <Section title={t("expenses.receipts.title")}>
      {receipts.isPending ? <LoadingState /> : null}
      {receipts.isError ? <ErrorState error={receipts.error} onRetry={() => void receipts.refetch()} /> : null}
      {receipts.isSuccess && receipts.data.length === 0 ? <Text>{t("expenses.receipts.none")}</Text> : null}
      {receipts.isSuccess && receipts.data.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {receipts.data.map((receipt) => (
            <ReceiptView
              key={receipt.id}
              receipt={receipt}
              menu={
                removable ? (
                  <RowMenu
                    about={receipt.name}
                    actions={[{ label: t("expenses.receipts.remove"), danger: true, onClick: () => { setRemoving(receipt); } }]}
                  />
                ) : null
              }
            />
          ))}
        </Stack>
      ) : null}
      {removing ? (
        <RemoveReceiptDialog
          receipt={removing}
          onClose={() => {
            setRemoving(null);
          }}
        />
      ) : null}
    </Section>
  );
}

type BodyKey = `expenses.confirm.${Dialog}Body`;

const DIALOG_TEXTS: Record<Dialog, { title: PlainKey; body: BodyKey; submit: PlainKey }> = {
  submit: { title: "expenses.confirm.submitTitle", body: "expenses.confirm.submitBody", submit: "expenses.do.submit" },
  approve: { title: "expenses.confirm.approveTitle", body: "expenses.confirm.approveBody", submit: "expenses.do.approve" },
  reject: { title: "expenses.confirm.rejectTitle", body: "expenses.confirm.rejectBody", submit: "expenses.do.reject" },
  return: { title: "expenses.confirm.returnTitle", body: "expenses.confirm.returnBody", submit: "expenses.do.return" },
  book: { title: "expenses.confirm.bookTitle", body: "expenses.confirm.bookBody", submit: "expenses.do.book" },
  pay: { title: "expenses.confirm.payTitle", body: "expenses.confirm.payBody", submit: "expenses.do.pay" },
  delete: { title: "expenses.confirm.deleteTitle", body: "expenses.confirm.deleteBody", submit: "expenses.do.delete" },
};

function StepDialog({ expense, dialog, onClose }: { expense: ExpenseDetail; dialog: Dialog; onClose: () => void }) {
  const { t, formatMoney } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [key] = useState(() => crypto.randomUUID());
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const needsText = dialog === "reject" || dialog === "return";
  const run = useMutation({
    mutationFn: async () => {
      if (dialog === "delete") {
        await deleteExpense(api, expense.id);
        return;
      }
      const step: ExpenseStep =
        dialog === "reject" ? { action: "reject", reason: text.trim() } : dialog === "return" ? { action: "return", comment: text.trim() } : { action: dialog };
      await stepExpense(api, expense.id, step, key);
    },
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: expenseKeys.all }),
        queryClient.invalidateQueries({ queryKey: economyKeys.all }),
      ]);
      onClose();
      if (dialog === "delete") void navigate(clusterEconomyPath(expense.cluster_id));
    },
  });
  const texts = DIALOG_TEXTS[dialog];
  return (
    <FormDialog
      title={t(texts.title)}
      submitLabel={t(texts.submit)}
      pending={run.isPending}
      error={run.error}
      danger={dialog === "delete" || dialog === "reject"}
      onClose={onClose}
      showFieldErrors
      onSubmit={() => {
        if (needsText && text.trim() === "") {
          setMissing(true);
          return;
        }
        run.mutate();
      }}
    >
      <Text mb="sm">{t(texts.body, { title: expense.title, total: formatMoney(expense.total_ore) })}</Text>
      {needsText ? (
        <Textarea
          required
          label={dialog === "reject" ? t("expenses.confirm.reason") : t("expenses.confirm.comment")}
          value={text}
          minRows={3}
          maxLength={2000}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setMissing(false);
          }}
          error={missing ? (dialog === "reject" ? t("expenses.confirm.reasonRequired") : t("expenses.confirm.commentRequired")) : undefined}
          mb="sm"
        />
      ) : null}
    </FormDialog>
  );
}

function Actions({ expense, open }: { expense: ExpenseDetail; open: (dialog: Dialog) => void }) {
  const { t } = useI18n();
  const rights = expense.my_permissions;
  const buttons = [];
  if (rights.change && expense.state === "draft") {
    buttons.push(
      <Button key="submit" leftSection={<IconSend size={16} aria-hidden />} onClick={() => { open("submit"); }}>
        {t("expenses.do.submit")}
      </Button>,
      <Button key="edit" variant="default" component={Link} to={expenseEditPath(expense.id)} leftSection={<IconEdit size={16} aria-hidden />}>
        {t("expenses.do.edit")}
      </Button>,
      <Button key="delete" variant="outline" color="red.9" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => { open("delete"); }}>
        {t("expenses.do.delete")}
      </Button>,
    );
  }
  if (rights.approve && expense.state === "submitted") {
    buttons.push(
      <Button key="approve" leftSection={<IconCheck size={16} aria-hidden />} onClick={() => { open("approve"); }}>
        {t("expenses.do.approve")}
      </Button>,
      <Button key="return" variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => { open("return"); }}>
        {t("expenses.do.return")}
      </Button>,
      <Button key="reject" variant="outline" color="red.9" leftSection={<IconX size={16} aria-hidden />} onClick={() => { open("reject"); }}>
        {t("expenses.do.reject")}
      </Button>,
    );
  }
  if (rights.book && expense.state === "approved") {
    buttons.push(
      <Button key="book" leftSection={<IconNotebook size={16} aria-hidden />} onClick={() => { open("book"); }}>
        {t("expenses.do.book")}
      </Button>,
    );
  }
  if (rights.book && expense.state === "booked") {
    buttons.push(
      <Button key="pay" leftSection={<IconCash size={16} aria-hidden />} onClick={() => { open("pay"); }}>
        {t("expenses.do.pay")}
      </Button>,
    );
  }
  if (buttons.length === 0) return null;
  return <Group gap="sm">{buttons}</Group>;
}

function ExpenseView({ expense }: { expense: ExpenseDetail }) {
  const { t, formatMoney, formatDate, formatDateTime } = useI18n();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  return (
    <Stack gap="lg">
      <Stack gap={6}>
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: "anywhere" }}>{expense.title}</Title>
          <ExpenseStateBadge state={expense.state} />
        </Group>
        <Text c="dimmed">
          {t("expenses.detail.byline", {
            category: t(CATEGORY_KEYS[expense.category]),
            claimant: expense.claimant_name ?? t("expenses.detail.unknownClaimant"),
          })}
        </Text>
        <Link to={clusterEconomyPath(expense.cluster_id)}>{t("expenses.detail.back")}</Link>
      </Stack>
      <Actions expense={expense} open={setDialog} />
      {expense.state === "rejected" && expense.rejection_reason ? (
        <Paper withBorder p="sm" radius="md" bg="red.0">
          <Text fw={600}>{t("expenses.detail.rejected")}</Text>
          <Text style={{ overflowWrap: "anywhere" }}>{expense.rejection_reason}</Text>
        </Paper>
      ) : null}
      <Section title={t("expenses.detail.lines")}>
        {expense.description ? <Text style={{ overflowWrap: "anywhere", whiteSpace: "pre-wrap" }}>{expense.description}</Text> : null}
        {expense.lines.length === 0 ? <Text>{t("expenses.detail.noLines")}</Text> : null}
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: "none" }}>
          {expense.lines.map((line, index) => (
            <Group component="li" key={index} justify="space-between" wrap="nowrap" gap="sm">
              <Text style={{ overflowWrap: "anywhere" }}>{line.text}</Text>
              <Text style={{ whiteSpace: "nowrap" }}>{formatMoney(line.amount_ore)}</Text>
            </Group>
          ))}
        </Stack>
        <Group justify="space-between" wrap="nowrap" style={{ borderTop: "1px solid var(--mantine-color-default-border)" }} pt="xs">
          <Text fw={700}>{t("expenses.detail.total")}</Text>
          <Text fw={700} style={{ whiteSpace: "nowrap" }}>{formatMoney(expense.total_ore)}</Text>
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          {expense.submitted_at ? <Text size="sm">{t("expenses.detail.submittedAt", { date: formatDate(expense.submitted_at, "short") })}</Text> : null}
          {expense.paid_on ? <Text size="sm">{t("expenses.detail.paidOn", { date: formatDate(expense.paid_on, "short") })}</Text> : null}
          {expense.bank_account ? (
            <Text size="sm">{t("expenses.detail.bank", { reg: expense.bank_account.reg_no, account: expense.bank_account.account_no })}</Text>
          ) : null}
          {expense.my_permissions.read_private ? null : <Text size="sm" c="dimmed">{t("expenses.detail.private")}</Text>}
        </SimpleGrid>
      </Section>
      <Receipts expense={expense} />
      <Section title={t("expenses.detail.history")}>
        <Timeline bulletSize={14} lineWidth={2} active={expense.history.length - 1}>
          {expense.history.map((event, index) => (
            <Timeline.Item
              key={index}
              title={t("expenses.history.step", {
                action: t(ACTION_KEYS[event.action]),
                actor: event.actor_name ?? t("expenses.history.unknownActor"),
              })}
            >
              <Text size="sm" c="dimmed">
                <time dateTime={event.at}>{formatDateTime(event.at)}</time>
              </Text>
              {event.comment ? <Text size="sm" style={{ overflowWrap: "anywhere" }}>{event.comment}</Text> : null}
            </Timeline.Item>
          ))}
        </Timeline>
      </Section>
      {dialog ? (
        <StepDialog
          expense={expense}
          dialog={dialog}
          onClose={() => {
            setDialog(null);
          }}
        />
      ) : null}
    </Stack>
  );
}

export default function ExpensePage() {
  const { t } = useI18n();
  const { expenseId = "" } = useParams();
  useDocumentTitle("expenses.detail.title");
  const expense = useExpense(expenseId);
  if (expense.isPending) return <LoadingState />;
  if (expense.isError) {
    return (
      <EmptyState title={t("expenses.detail.title")}>
        <ErrorState error={expense.error} onRetry={() => void expense.refetch()} />
      </EmptyState>
    );
  }
  return <ExpenseView expense={expense.data} />;
}
