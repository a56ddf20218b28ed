/**
 * "Fjern kvittering": the confirmation that names the receipt, then its removal from the draft
 * with the expense's ETag, read as the dialog opens (a receipt is a part of its expense).
 */
import { Text } from "@mantine/core";
import { useApi } from "../../api/context";
import { expenseKeys, readExpense, removeReceipt } from "../../api/expenses";
import type { Receipt } from "../../api/types";
import { FormDialog, useChange, WithCurrentVersion } from "../../components/dialogs";
import { useI18n } from "../../i18n/context";

interface RemoveReceiptProps {
  receipt: Receipt;
  onClose: () => void;
}

export function RemoveReceiptDialog({ receipt, onClose }: RemoveReceiptProps) {
  const { t } = useI18n();
  const api = useApi();
  const title = t("expenses.receipts.removeTitle", { name: receipt.name });
  return (
    <WithCurrentVersion title={title} queryKey={["expense", receipt.expense_id]} load={() => readExpense(api, receipt.expense_id)} onClose={onClose}>
      {(current) => <RemoveReceiptForm receipt={receipt} title={title} etag={current.etag} onClose={onClose} />}
    </WithCurrentVersion>
  );
}

function RemoveReceiptForm({ receipt, title, etag, onClose }: RemoveReceiptProps & { title: string; etag: string }) {
  const { t } = useI18n();
  const api = useApi();
  const change = useChange(
    [expenseKeys.one(receipt.expense_id), expenseKeys.receipts(receipt.expense_id)],
    () => removeReceipt(api, receipt, etag),
    onClose,
  );
  return (
    <FormDialog
      title={title}
      submitLabel={t("expenses.receipts.removeSubmit")}
      pendingLabel={t("expenses.receipts.removing")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => {
        change.mutate(undefined);
      }}
      onClose={onClose}
      danger
    >
      <Text style={{ overflowWrap: "anywhere" }}>{t("expenses.receipts.removeQuestion", { name: receipt.name })}</Text>
    </FormDialog>
  );
}
