/**
 * /klynger/:clusterId/udlaeg/nyt and /udlaeg/:expenseId/rediger: an expense as its claimant
 * writes it, phone first: category, title, an optional meeting of the cluster, line items in
 * kroner (read as whole øre), bank details and receipts (the phone's camera is offered). It is
 * saved as a draft; the expense's page then submits it.
 */
import "../theme/pageStyles";
import { Button, CloseButton, Group, NativeSelect, Paper, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { IconDeviceFloppy, IconPlus } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { createExpense, expenseKeys, updateExpense, uploadReceipt, useExpense } from "../api/expenses";
import { useClusterMeetings } from "../api/meetings";
import type { ExpenseDetail } from "../api/types";
import { clusterEconomyPath, expensePath } from "../app/navigation";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { emptyExpense, readExpense, totalOre, valuesOf, type ExpenseErrors, type ExpenseValues } from "../features/expenses/form";
import { EXPENSE_CATEGORIES } from "../features/expenses/labels";
import { ReceiptPicker } from "../features/expenses/ReceiptPicker";
import { CATEGORY_KEYS } from "../features/economy/labels";
import { useI18n } from "../i18n/context";
import type { PlainKey } from "../i18n/translate";

interface FormProps {
  clusterId: string;
  existing: ExpenseDetail | null;
}

export function ExpenseForm({ clusterId, existing }: FormProps) {
  const { t, formatMoney, formatDate } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const meetings = useClusterMeetings(clusterId);
  const [values, setValues] = useState<ExpenseValues>(() => (existing ? valuesOf(existing) : emptyExpense()));
  const [errors, setErrors] = useState<ExpenseErrors>({ lines: [] });
  const [files, setFiles] = useState<File[]>([]);
  const [key] = useState(() => crypto.randomUUID());
  const save = useMutation({
    mutationFn: async (body: NonNullable<ReturnType<typeof readExpense>["body"]>) => {
      const saved = existing ? await updateExpense(api, existing.id, body) : await createExpense(api, clusterId, body, key);
      for (const file of files) await uploadReceipt(api, saved.id, file, crypto.randomUUID());
      return saved;
    },
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: expenseKeys.all });
      void navigate(expensePath(saved.id));
    },
  });
  const set = (change: Partial<ExpenseValues>) => {
    setValues((current) => ({ ...current, ...change }));
  };
  const setLine = (index: number, change: Partial<ExpenseValues["lines"][number]>) => {
    setValues((current) => ({ ...current, lines: current.lines.map((line, at) => (at === index ? { ...line, ...change } : line)) }));
  };
  const message = (key?: PlainKey) => (key ? t(key) : undefined);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const read = readExpense(values);
        setErrors(read.errors);
        if (read.body) save.mutate(read.body);
      }}
    >
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NativeSelect
            required
            label={t("expenses.form.category")}
            data={[{ value: "", label: t("expenses.form.chooseCategory") }, ...EXPENSE_CATEGORIES.map((category) => ({ value: category, label: t(CATEGORY_KEYS[category]) }))]}
            value={values.category}
            onChange={(event) => {
              set({ category: event.currentTarget.value as ExpenseValues["category"] });
            }}
            error={message(errors.category)}
          />
          <NativeSelect
            label={t("expenses.form.meeting")}
            data={[
              { value: "", label: t("expenses.form.noMeeting") },
              ...(meetings.data ?? []).map((meeting) => ({ value: meeting.id, label: `${formatDate(meeting.starts_at, "short")} · ${meeting.title}` })),
            ]}
            value={values.meetingId}
            onChange={(event) => {
              set({ meetingId: event.currentTarget.value });
            }}
          />
        </SimpleGrid>
        <TextInput
          required
          label={t("expenses.form.title")}
          value={values.title}
          maxLength={200}
          onChange={(event) => {
            set({ title: event.currentTarget.value });
          }}
          error={message(errors.title)}
        />
        <Textarea
          label={t("expenses.form.description")}
          value={values.description}
          minRows={2}
          onChange={(event) => {
            set({ description: event.currentTarget.value });
          }}
        />
        <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <Text component="legend" fw={600}>
            {t("expenses.form.lines")}
          </Text>
          {values.lines.map((line, index) => (
            <Paper key={index} withBorder p="xs" radius="md">
              <Group align="flex-start" gap="xs" wrap="nowrap">
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1 }}>
                  <TextInput
                    label={t("expenses.form.lineText", { number: index + 1 })}
                    value={line.text}
                    onChange={(event) => {
                      setLine(index, { text: event.currentTarget.value });
                    }}
                    error={message(errors.lines[index]?.text)}
                  />
                  <TextInput
                    label={t("expenses.form.lineAmount", { number: index + 1 })}
                    description={t("expenses.form.amountHint")}
                    inputMode="decimal"
                    autoComplete="off"
                    value={line.amount}
                    onChange={(event) => {
                      setLine(index, { amount: event.currentTarget.value });
                    }}
                    error={message(errors.lines[index]?.amount)}
                  />
                </SimpleGrid>
                {values.lines.length > 1 ? (
                  <CloseButton
                    mt={28}
                    aria-label={t("expenses.form.removeLine", { number: index + 1 })}
                    onClick={() => {
                      set({ lines: values.lines.filter((_, at) => at !== index) });
                    }}
                  />
                ) : null}
              </Group>
            </Paper>
          ))}
          {errors.linesMissing ? (
            <Text c="red.9" size="sm">
              {t(errors.linesMissing)}
            </Text>
          ) : null}
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} aria-hidden />}
              onClick={() => {
                set({ lines: [...values.lines, { text: "", amount: "" }] });
              }}
            >
              {t("expenses.form.addLine")}
            </Button>
            <Text fw={700} role="status">
              {t("expenses.form.total", { total: formatMoney(totalOre(values.lines)) })}
            </Text>
          </Group>
        </Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t("expenses.form.regNo")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={4}
            value={values.regNo}
            onChange={(event) => {
              set({ regNo: event.currentTarget.value });
            }}
            error={message(errors.regNo)}
          />
          <TextInput
            label={t("expenses.form.accountNo")}
            inputMode="numeric"
            autoComplete="off"
            maxLength={12}
            value={values.accountNo}
            onChange={(event) => {
              set({ accountNo: event.currentTarget.value });
            }}
            error={message(errors.accountNo)}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t("expenses.form.bankHint")}
        </Text>
        {existing && existing.receipt_count > 0 ? (
          <Text size="sm">{t("expenses.form.receiptsSaved", { count: existing.receipt_count })}</Text>
        ) : null}
        <ReceiptPicker files={files} onChange={setFiles} />
        {save.error ? <ErrorState error={save.error} showFieldErrors /> : null}
        <Group gap="sm">
          <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} loading={save.isPending}>
            {t("expenses.form.saveDraft")}
          </Button>
          <Button component={Link} to={existing ? expensePath(existing.id) : clusterEconomyPath(clusterId)} variant="default">
            {t("common.cancel")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewExpensePage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  useDocumentTitle("expenses.new.title");
  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>{t("expenses.new.title")}</Title>
      <Text>{t("expenses.new.intro")}</Text>
      <ExpenseForm clusterId={clusterId} existing={null} />
    </Stack>
  );
}

export default function EditExpensePage() {
  const { t } = useI18n();
  const { expenseId = "" } = useParams();
  useDocumentTitle("expenses.edit.title");
  const expense = useExpense(expenseId);
  return (
    <Stack gap="md" maw={760}>
      <Title order={1}>{t("expenses.edit.title")}</Title>
      {expense.isPending ? <LoadingState /> : null}
      {expense.isError ? <ErrorState error={expense.error} onRetry={() => void expense.refetch()} /> : null}
      {expense.isSuccess ? <ExpenseForm key={expense.data.id} clusterId={expense.data.cluster_id} existing={expense.data} /> : null}
    </Stack>
  );
}
