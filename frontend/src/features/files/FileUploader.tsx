/**
 * Upload files to one place (a library folder, a meeting, a post): by a file picker or by
 * dragging them onto the box (or, with `wholePage`, anywhere on the page). Several at once, each
 * with its progress and what became of it; a file that is too big or of a type the API does
 * not take is refused before it is sent, and the API's own refusal is told the same way.
 */
import { Button, Group, Overlay, Paper, Progress, Stack, Text } from "@mantine/core";
import { useQueryClient, type QueryKey } from "@tanstack/react-query";
import { IconCheck, IconRefresh, IconUpload, IconX } from "@tabler/icons-react";
import { useEffect, useRef, useState, useSyncExternalStore, type DragEvent as ReactDragEvent, type ReactNode } from "react";
import { useApi } from "../../api/context";
import { describeError } from "../../api/describeError";
import { uploadFile, type UploadTarget } from "../../api/upload";
import { resolveFileMaxBytes } from "../../config";
import { useI18n } from "../../i18n/context";
import { UploadQueue, type UploadItem } from "./uploadQueue";
import { describeUploadProblem } from "./uploadRules";

interface Props {
  /** Where the files go. */
  target: UploadTarget;
  /** Read again when a file is stored: the lists that show the place. */
  invalidate: readonly QueryKey[];
  /** The place in words ("Alle filer", "Referater"), for the page-wide drop. */
  destination?: string;
  /** Take files dropped anywhere on the page, not only on the box. */
  wholePage?: boolean;
}

function carriesFiles(event: DragEvent | ReactDragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/** The uploads of one uploader, kept as long as it is shown; those under way stop when it goes. */
function useUploadQueue(invalidate: readonly QueryKey[]): UploadQueue {
  const api = useApi();
  const queryClient = useQueryClient();
  const [queue] = useState(
    () =>
      new UploadQueue({
        maxBytes: resolveFileMaxBytes(),
        send: (request, onProgress, signal) => uploadFile(api, { ...request, onProgress, signal }),
      }),
  );
  useEffect(
    () =>
      queue.subscribeUploaded(() => {
        for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
      }),
    [queue, queryClient, invalidate],
  );
  useEffect(
    () => () => {
      queue.abortAll();
    },
    [queue],
  );
  return queue;
}

/** Files dropped anywhere on the page go to `onFiles`; `over` while files are dragged over it. */
function usePageDrop(enabled: boolean, onFiles: (files: File[]) => void): boolean {
  const [over, setOver] = useState(false);
  const onFilesRef = useRef(onFiles);
  useEffect(() => {
    onFilesRef.current = onFiles;
  });
  useEffect(() => {
    if (!enabled) return undefined;
    // dragenter and dragleave come for every element crossed: count them to know when it left.
    let depth = 0;
    function enter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth += 1;
      setOver(true);
    }
    function overPage(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
    }
    function leave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    }
    function drop(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth = 0;
      setOver(false);
      const files = [...(event.dataTransfer?.files ?? [])];
      if (files.length > 0) onFilesRef.current(files);
    }
    window.addEventListener("dragenter", enter);
    window.addEventListener("dragover", overPage);
    window.addEventListener("dragleave", leave);
    window.addEventListener("drop", drop);
    return () => {
      window.removeEventListener("dragenter", enter);
      window.removeEventListener("dragover", overPage);
      window.removeEventListener("dragleave", leave);
      window.removeEventListener("drop", drop);
    };
  }, [enabled]);
  return over;
}

export function FileUploader({ target, invalidate, destination, wholePage = false }: Props) {
  const { t, formatFileSize } = useI18n();
  const queue = useUploadQueue(invalidate);
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);
  const input = useRef<HTMLInputElement>(null);
  const [overBox, setOverBox] = useState(false);
  const add = (files: File[]) => {
    queue.add(files, target);
  };
  const overPage = usePageDrop(wholePage, add);
  const place = destination ?? "";

  // Without `wholePage` only the box takes files; with it the page's own handlers do.
  const boxDrop = wholePage
    ? {}
    : {
        onDragEnter: (event: ReactDragEvent) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          setOverBox(true);
        },
        onDragOver: (event: ReactDragEvent) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = "copy";
        },
        onDragLeave: (event: ReactDragEvent) => {
          if (event.currentTarget.contains(event.relatedTarget as Node | null)) return;
          setOverBox(false);
        },
        onDrop: (event: ReactDragEvent) => {
          if (!carriesFiles(event)) return;
          event.preventDefault();
          setOverBox(false);
          add([...event.dataTransfer.files]);
        },
      };

  const over = overBox || overPage;
  return (
    <div>
      <Paper
        p="md"
        radius="md"
        bg={over ? "var(--mantine-color-blue-light)" : "var(--mantine-color-gray-0)"}
        style={{ border: `2px dashed ${over ? "var(--mantine-primary-color-filled)" : "var(--mantine-color-gray-5)"}` }}
        {...boxDrop}
      >
        <Stack gap="xs" align="flex-start">
          <Text>{wholePage ? t("files.upload.dropPage", { folder: place }) : t("files.upload.drop")}</Text>
          <Button
            type="button"
            leftSection={<IconUpload size={18} aria-hidden />}
            onClick={() => {
              input.current?.click();
            }}
          >
            {t("files.upload.choose")}
          </Button>
          <input
            ref={input}
            type="file"
            multiple
            hidden
            onChange={(event) => {
              const files = [...(event.currentTarget.files ?? [])];
              // Cleared, so that choosing the same file again is a change too.
              event.currentTarget.value = "";
              if (files.length > 0) add(files);
            }}
          />
          <Text size="sm" c="dimmed">
            {t("files.upload.hint", { max: formatFileSize(queue.maxBytes) })}
          </Text>
        </Stack>
      </Paper>
      {overPage ? (
        // Over everything, but it takes no events: the drop goes to the page's own handlers.
        <Overlay fixed zIndex={300} color="var(--mantine-color-blue-9)" backgroundOpacity={0.12} aria-hidden="true" style={{ pointerEvents: "none", display: "grid", placeItems: "center", border: "4px dashed var(--mantine-primary-color-filled)" }}>
          <Paper shadow="xl" radius="md" px="xl" py="md">
            <Text fw={600} size="xl" c="blue.9">
              {t("files.upload.overlay", { folder: place })}
            </Text>
          </Paper>
        </Overlay>
      ) : null}
      {items.length > 0 ? <UploadList queue={queue} items={items} /> : null}
      <p role="status" className="visually-hidden">
        {uploadSummary(items, t)}
      </p>
    </div>
  );
}

/** What the status region says: it changes when an upload ends, not with every byte. */
function uploadSummary(items: readonly UploadItem[], t: ReturnType<typeof useI18n>["t"]): string {
  const busy = items.filter((item) => item.status === "queued" || item.status === "uploading").length;
  if (busy > 0) return t("files.upload.summaryBusy", { count: busy });
  const done = items.filter((item) => item.status === "done").length;
  const refused = items.filter((item) => item.status === "refused" || item.status === "failed").length;
  const total = done + refused;
  if (total === 0) return "";
  const summary = t("files.upload.summary", { done, total });
  return refused > 0 ? `${summary} ${t("files.upload.summaryRefused", { count: refused })}` : summary;
}

function UploadList({ queue, items }: { queue: UploadQueue; items: readonly UploadItem[] }) {
  const { t } = useI18n();
  const finished = items.some((item) => item.status !== "queued" && item.status !== "uploading");
  return (
    <Stack gap="xs" align="flex-start" mt="sm">
      <Stack component="ul" gap="xs" w="100%" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("files.upload.list")}>
        {items.map((item) => (
          <UploadRow key={item.id} item={item} queue={queue} />
        ))}
      </Stack>
      {finished ? (
        <Button
          type="button"
          size="compact-sm"
          variant="default"
          onClick={() => {
            queue.clearFinished();
          }}
        >
          {t("files.upload.clear")}
        </Button>
      ) : null}
    </Stack>
  );
}

function UploadRow({ item, queue }: { item: UploadItem; queue: UploadQueue }) {
  const { t, formatFileSize, formatPercent } = useI18n();
  const share = item.total > 0 ? Math.min(1, item.loaded / item.total) : 0;
  const failed = item.status === "refused" || item.status === "failed";
  let state: ReactNode;
  switch (item.status) {
    case "queued":
      state = <Text size="sm">{t("files.upload.queued")}</Text>;
      break;
    case "uploading":
      state = (
        <>
          {/* The bar as a whole is the progressbar: at 0 % its filled part has no width to be seen. */}
          <Progress.Root
            w="100%"
            size="md"
            role="progressbar"
            aria-label={t("files.upload.progressLabel", { name: item.name })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(share * 100)}
            aria-valuetext={formatPercent(share)}
          >
            <Progress.Section value={share * 100} withAria={false} />
          </Progress.Root>
          <Text size="sm">{t("files.upload.progress", { percent: formatPercent(share) })}</Text>
        </>
      );
      break;
    case "done": {
      const storedAs = item.stored && item.stored.name !== item.name ? item.stored.name : null;
      state = (
        // Mantine's green 9 is below AA on a light background; this green is 9.1:1 on white.
        <Group gap={4} wrap="nowrap" c="#14532d">
          <IconCheck size={16} aria-hidden />
          <Text size="sm" fw={600} c="#14532d">
            {storedAs ? t("files.upload.doneAs", { name: storedAs }) : t("files.upload.done")}
          </Text>
        </Group>
      );
      break;
    }
    case "refused":
      state = item.problem ? (
        <Text size="sm" fw={600} c="red.9">
          {describeUploadProblem(item.problem, item.name, t, formatFileSize)}
        </Text>
      ) : null;
      break;
    case "failed": {
      const description = describeError(item.error, t);
      state = (
        <>
          <Text size="sm" fw={600} c="red.9">
            {t("files.upload.failed", { reason: description.message })}
          </Text>
          {description.requestId ? (
            <Text size="xs" c="dimmed">
              {t("errors.requestId", { id: description.requestId })}
            </Text>
          ) : null}
        </>
      );
      break;
    }
    case "cancelled":
      state = <Text size="sm">{t("files.upload.cancelled")}</Text>;
      break;
  }
  const busy = item.status === "queued" || item.status === "uploading";
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      px="sm"
      py="xs"
      bg={failed ? "var(--mantine-color-red-0)" : undefined}
      style={failed ? { borderColor: "var(--mantine-color-red-7)" } : undefined}
    >
      <Stack gap={4} align="flex-start">
        <Group gap="xs" w="100%">
          <Text fw={600} style={{ overflowWrap: "anywhere" }}>
            {item.name}
          </Text>
          <Text c="dimmed">{formatFileSize(item.size)}</Text>
        </Group>
        {state}
        {busy ? (
          <Button
            type="button"
            size="compact-sm"
            variant="default"
            leftSection={<IconX size={14} aria-hidden />}
            aria-label={t("files.upload.cancelLabel", { name: item.name })}
            onClick={() => {
              queue.cancel(item.id);
            }}
          >
            {t("files.upload.cancel")}
          </Button>
        ) : null}
        {item.status === "failed" ? (
          <Button
            type="button"
            size="compact-sm"
            variant="default"
            leftSection={<IconRefresh size={14} aria-hidden />}
            aria-label={t("files.upload.retryLabel", { name: item.name })}
            onClick={() => {
              queue.retry(item.id);
            }}
          >
            {t("common.retry")}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}
