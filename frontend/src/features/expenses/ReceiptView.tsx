/**
 * A receipt shown inline for those who may see it: the content is fetched with the token (no
 * public links) and shown through an object URL: an image as a picture, a PDF in a frame with
 * a link that opens it in its own tab.
 */
import { Anchor, Group, Image, Paper, Stack, Text } from "@mantine/core";
import { useEffect, useState, type ReactNode } from "react";
import { useApi } from "../../api/context";
import { fetchReceiptContent } from "../../api/expenses";
import type { Receipt } from "../../api/types";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";

type Content = { status: "loading" } | { status: "shown"; url: string } | { status: "failed"; error: unknown };

/** `menu`: the receipt's actions beside its name (its removal from a draft), if any. */
export function ReceiptView({ receipt, menu = null }: { receipt: Receipt; menu?: ReactNode }) {
  const { t, formatFileSize } = useI18n();
  const api = useApi();
  const [attempt, setAttempt] = useState(0);
  const [content, setContent] = useState<{ key: string; content: Content } | null>(null);
  const key = `${receipt.id}:${String(attempt)}`;
  useEffect(() => {
    let active = true;
    let url: string | null = null;
    fetchReceiptContent(api, receipt.expense_id, receipt.id).then(
      (blob) => {
        if (!active) return;
        url = URL.createObjectURL(blob.type ? blob : new Blob([blob], { type: receipt.media_type }));
        setContent({ key, content: { status: "shown", url } });
      },
      (error: unknown) => {
        if (active) setContent({ key, content: { status: "failed", error } });
      },
    );
    return () => {
      active = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, receipt.expense_id, receipt.id, receipt.media_type, key]);
  const shown = content?.key === key ? content.content : ({ status: "loading" } as Content);
  const image = receipt.media_type.startsWith("image/") && receipt.media_type !== "image/heic";
  const pdf = receipt.media_type === "application/pdf";
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {receipt.name} <Text span size="sm" c="dimmed">({formatFileSize(receipt.size)})</Text>
          </Text>
          {menu}
        </Group>
        {shown.status === "loading" ? <LoadingState label={t("expenses.receipts.loading")} /> : null}
        {shown.status === "failed" ? (
          <ErrorState
            error={shown.error}
            onRetry={() => {
              setAttempt((value) => value + 1);
            }}
          />
        ) : null}
        {shown.status === "shown" && image ? (
          <Image src={shown.url} alt={t("expenses.receipts.alt", { name: receipt.name })} maw="100%" mah="60vh" fit="contain" />
        ) : null}
        {shown.status === "shown" && pdf ? (
          <iframe src={shown.url} title={receipt.name} style={{ width: "100%", height: "60vh", border: "1px solid var(--mantine-color-default-border)" }} />
        ) : null}
        {shown.status === "shown" ? (
          <Anchor href={shown.url} target="_blank" rel="noopener" download={image || pdf ? undefined : receipt.name}>
            {image || pdf ? t("expenses.receipts.open", { name: receipt.name }) : t("expenses.receipts.download", { name: receipt.name })}
          </Anchor>
        ) : null}
      </Stack>
    </Paper>
  );
}
