/**
 * Receipts chosen for upload: a file input that takes images and PDFs, and on a phone offers
 * the camera (`capture="environment"`); each chosen file is shown with a thumbnail (an image)
 * or its name (a PDF), and can be taken out again before it is sent.
 */
import { Button, CloseButton, Group, Image, Paper, Stack, Text } from "@mantine/core";
import { IconCamera, IconFileTypePdf } from "@tabler/icons-react";
import { useEffect, useId, useRef, useState } from "react";
import { useI18n } from "../../i18n/context";

function Thumbnail({ file }: { file: File }) {
  const { t } = useI18n();
  const [read, setRead] = useState<{ file: File; url: string } | null>(null);
  useEffect(() => {
    if (!file.type.startsWith("image/")) return undefined;
    let active = true;
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      if (active && typeof reader.result === "string") setRead({ file, url: reader.result });
    });
    reader.readAsDataURL(file);
    return () => {
      active = false;
      reader.abort();
    };
  }, [file]);
  if (read?.file === file) return <Image src={read.url} alt={t("expenses.receipts.alt", { name: file.name })} w={56} h={56} fit="cover" radius="sm" />;
  return <IconFileTypePdf size={40} aria-hidden />;
}

export function ReceiptPicker({ files, onChange }: { files: readonly File[]; onChange: (files: File[]) => void }) {
  const { t, formatFileSize } = useI18n();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  return (
    <Stack gap="xs">
      <Text fw={600} component="label" htmlFor={inputId}>
        {t("expenses.form.receipts")}
      </Text>
      <Text size="sm" c="dimmed">
        {t("expenses.form.receiptsHint")}
      </Text>
      <input
        ref={input}
        id={inputId}
        type="file"
        accept="image/*,application/pdf"
        capture="environment"
        multiple
        className="visually-hidden"
        onChange={(event) => {
          const chosen = Array.from(event.currentTarget.files ?? []);
          if (chosen.length > 0) onChange([...files, ...chosen]);
          event.currentTarget.value = "";
        }}
      />
      <Group>
        <Button variant="default" leftSection={<IconCamera size={16} aria-hidden />} onClick={() => input.current?.click()} aria-controls={inputId}>
          {t("expenses.form.addReceipt")}
        </Button>
      </Group>
      {files.length > 0 ? (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("expenses.form.chosenReceipts")}>
          {files.map((file, index) => (
            <Paper component="li" key={`${file.name}-${String(index)}`} withBorder p="xs" radius="md">
              <Group wrap="nowrap" gap="sm">
                <Thumbnail file={file} />
                <Stack gap={0} miw={0} style={{ flex: 1 }}>
                  <Text style={{ overflowWrap: "anywhere" }}>{file.name}</Text>
                  <Text size="sm" c="dimmed">{formatFileSize(file.size)}</Text>
                </Stack>
                <CloseButton
                  aria-label={t("expenses.form.removeReceipt", { name: file.name })}
                  onClick={() => {
                    onChange(files.filter((_, at) => at !== index));
                  }}
                />
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : null}
    </Stack>
  );
}
