/**
 * /enhed/pakker/:packageId: a unit's package in its editor: the description (changed with the
 * ETag it was read with; a change made meanwhile is refused and said so), the versions, and the
 * draft version's agenda (items added, moved up and down, removed, with a running total of
 * minutes) and materials. The draft is published (from then on it never changes); a published
 * package is retired, a draft one deleted. A template or a guide has no agenda: its draft is its
 * materials and a note, published as they are, and it is shown on the templates page.
 */
import "../theme/pageStyles";
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconPencil, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import {
  createPackageVersion,
  deletePackage,
  publishPackageVersion,
  readPackage,
  retirePackage,
  unitPackageKeys,
  updatePackage,
  updatePackageVersion,
  usePackage,
  usePackageMaterials,
  usePackageVersion,
  usePackageVersions,
  type PackageDescription,
  type PackageKind,
  type PackageVersion,
  type PackageVersionDetail,
  type UnitPackageDetail,
} from "../api/unitPackages";
import { useIndicatorSets } from "../api/indicators";
import { useUnitSurveyTemplates } from "../api/surveys";
import { packagePath, paths } from "../app/navigation";
import { FormDialog, useChange, useIdempotencyKey, WithCurrentVersion } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { Notice } from "../components/Notice";
import { Section } from "../components/Section";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { FileUploader } from "../features/files/FileUploader";
import {
  addRow,
  changeRow,
  agendaItemOf,
  itemsFromRows,
  moveRow,
  removeRow,
  rowsChanged,
  rowsFromItems,
  totalMinutes,
  type AgendaRow,
  type RowProblems,
} from "../features/unitPackages/agenda";
import { descriptionFromTexts, descriptionTexts, type DescriptionProblem } from "../features/unitPackages/description";
import { DescriptionFields } from "../features/unitPackages/DescriptionFields";
import { isDocument, PACKAGE_KIND_KEYS, VERSION_STATE_KEYS } from "../features/unitPackages/labels";
import { useI18n } from "../i18n/context";
import { PackageStateBadge } from "./UnitPackagesPage";

type Dialog = "describe" | "newVersion" | "retire" | "delete" | "publish";

function isStale(error: unknown): boolean {
  return error instanceof ApiError && error.kind === "precondition-failed";
}

/** Says that someone else changed it meanwhile, with the new version a click away. */
function StaleNotice({ onReload }: { onReload: () => void }) {
  const { t } = useI18n();
  return (
    <Notice tone="error" role="alert" title={t("unitPackages.preconditionFailed")}>
      <Button variant="default" size="xs" mt={4} onClick={onReload}>
        {t("unitPackages.reload")}
      </Button>
    </Notice>
  );
}

// --- the description ---------------------------------------------------------------------------

function DescriptionForm({
  packageId,
  current,
  etag,
  onClose,
  onReload,
}: {
  packageId: string;
  current: UnitPackageDetail;
  etag: string;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [texts, setTexts] = useState(() => descriptionTexts(current));
  const [problems, setProblems] = useState<DescriptionProblem[]>([]);
  const change = useChange(
    [unitPackageKeys.all],
    (body: PackageDescription) => updatePackage(api, packageId, body, etag),
    onClose,
  );
  const stale = isStale(change.error);
  return (
    <FormDialog
      title={t("unitPackages.describe")}
      submitLabel={t("common.save")}
      pending={change.isPending}
      error={stale ? null : change.error}
      showFieldErrors
      disabled={stale}
      onSubmit={() => {
        const read = descriptionFromTexts(texts);
        setProblems(read.problems);
        if (read.description) change.mutate(read.description);
      }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <DescriptionFields texts={texts} problems={problems} onChange={setTexts} />
        {stale ? <StaleNotice onReload={onReload} /> : null}
      </Stack>
    </FormDialog>
  );
}

function DescriptionDialog({ packageId, onClose }: { packageId: string; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const queryClient = useQueryClient();
  const queryKey = ["unit-package", packageId];
  return (
    <WithCurrentVersion title={t("unitPackages.describe")} queryKey={queryKey} load={() => readPackage(api, packageId)} onClose={onClose}>
      {(current) => (
        <DescriptionForm
          key={current.etag}
          packageId={packageId}
          current={current.data}
          etag={current.etag}
          onClose={onClose}
          onReload={() => void queryClient.invalidateQueries({ queryKey: ["current-version", ...queryKey] })}
        />
      )}
    </WithCurrentVersion>
  );
}

function DescriptionSection({ item }: { item: UnitPackageDetail }) {
  const { t } = useI18n();
  return (
    <Section title={t("unitPackages.description")}>
      {item.summary ? <Text style={{ whiteSpace: "pre-line", overflowWrap: "anywhere" }}>{item.summary}</Text> : null}
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <div>
          <Text size="sm" c="dimmed">{t("unitPackages.field.themes")}</Text>
          <Text>{item.themes.length > 0 ? item.themes.join(", ") : t("common.none")}</Text>
        </div>
        <div>
          <Text size="sm" c="dimmed">{t("unitPackages.field.audience")}</Text>
          <Text>{item.audience || t("common.none")}</Text>
        </div>
        <div>
          <Text size="sm" c="dimmed">{t("unitPackages.field.estimatedMinutes")}</Text>
          <Text>{t("unitPackages.minutes", { minutes: item.estimated_minutes })}</Text>
        </div>
      </SimpleGrid>
    </Section>
  );
}

// --- versions ----------------------------------------------------------------------------------

function NewVersionDialog({ item, onClose }: { item: UnitPackageDetail; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const published = isDocument(item.kind) ? null : item.published_version;
  const [fromPublished, setFromPublished] = useState(published !== null);
  const [note, setNote] = useState("");
  const change = useChange(
    [unitPackageKeys.all],
    () => createPackageVersion(api, item.id, { change_note: note.trim(), items: fromPublished && published ? published.items.map(agendaItemOf) : [] }, key),
    onClose,
  );
  return (
    <FormDialog
      title={t("unitPackages.newVersion")}
      submitLabel={t("unitPackages.newVersionSubmit")}
      pending={change.isPending}
      error={change.error}
      showFieldErrors
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Stack gap="sm">
        <Textarea
          label={t("unitPackages.changeNote")}
          description={t("unitPackages.changeNoteHint")}
          rows={2}
          value={note}
          onChange={(event) => { setNote(event.currentTarget.value); }}
          data-autofocus
        />
        {published ? (
          <Checkbox
            label={t("unitPackages.fromPublished", { number: published.number })}
            checked={fromPublished}
            onChange={(event) => { setFromPublished(event.currentTarget.checked); }}
          />
        ) : null}
      </Stack>
    </FormDialog>
  );
}

function VersionList({ versions, kind }: { versions: readonly PackageVersion[]; kind: PackageKind }) {
  const { t, formatDate } = useI18n();
  const document = isDocument(kind);
  if (versions.length === 0) return <EmptyState title={t(document ? "unitPackages.noVersionsDocument" : "unitPackages.noVersions")} />;
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
      {[...versions].reverse().map((version) => (
        <Paper component="li" key={version.id} withBorder p="sm" radius="md">
          <Group justify="space-between" gap="xs" align="flex-start">
            <Stack gap={2} miw={0}>
              <Text fw={600}>{t("unitPackages.versionNumber", { number: version.number })}</Text>
              <Text size="sm" c="dimmed">
                {[
                  document ? null : t("unitPackages.itemsAndMinutes", { items: version.items.length, minutes: version.total_minutes }),
                  version.published_at ? t("unitPackages.publishedOn", { date: formatDate(version.published_at, "short") }) : null,
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </Text>
              {version.change_note ? <Text size="sm" style={{ overflowWrap: "anywhere" }}>{version.change_note}</Text> : null}
            </Stack>
            <Badge variant="filled" tt="none" color={version.state === "draft" ? "yellow.9" : "green.9"}>
              {t(VERSION_STATE_KEYS[version.state])}
            </Badge>
          </Group>
        </Paper>
      ))}
    </Stack>
  );
}

/** The agenda and materials the catalogue shows: the latest published version, read only. */
function PublishedSection({ packageId, version, kind }: { packageId: string; version: PackageVersionDetail; kind: PackageKind }) {
  const { t, formatDate } = useI18n();
  return (
    <Section title={t("unitPackages.publishedTitle", { number: version.number })}>
      {version.published_at ? (
        <Text size="sm" c="dimmed">
          {t("unitPackages.publishedOn", { date: formatDate(version.published_at, "short") })}
        </Text>
      ) : null}
      {isDocument(kind) ? null : (
        <>
          <Stack component="ol" gap={4} pl="lg" m={0}>
            {version.items.map((agendaItem, index) => (
              <li key={`${String(index)}-${agendaItem.title}`}>
                <Text style={{ overflowWrap: "anywhere" }}>
                  {agendaItem.title}{" "}
                  <Text span size="sm" c="dimmed">
                    {agendaItem.slides
                      ? t("unitPackages.itemSummarySlides", { minutes: agendaItem.minutes, slides: agendaItem.slides })
                      : t("unitPackages.minutes", { minutes: agendaItem.minutes })}
                  </Text>
                </Text>
              </li>
            ))}
          </Stack>
          <Text fw={700}>{t("unitPackages.total", { minutes: version.total_minutes })}</Text>
        </>
      )}
      <Materials packageId={packageId} versionId={version.id} editable={false} />
    </Section>
  );
}

// --- the draft's agenda ------------------------------------------------------------------------

function AgendaRowFields({
  row,
  index,
  count,
  problems,
  onChange,
  onMove,
  onRemove,
}: {
  row: AgendaRow;
  index: number;
  count: number;
  problems: RowProblems | undefined;
  onChange: (field: "title" | "minutes" | "slides" | "methodNotes", value: string) => void;
  onMove: (step: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const number = index + 1;
  const labelId = useId();
  const problemText = (problem: RowProblems[keyof RowProblems]) => {
    if (problem === "required") return t("errorCode.required");
    if (problem === "minutes") return t("unitPackages.minutesInvalid");
    if (problem === "slides") return t("unitPackages.slidesInvalid");
    return undefined;
  };
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap="xs" role="group" aria-labelledby={labelId}>
        <Group justify="space-between" gap={4}>
          <Text id={labelId} fw={600}>
            {t("unitPackages.agendaItem", { number })}
          </Text>
          <Group gap={4}>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("unitPackages.moveUp", { number })}
              disabled={index === 0}
              onClick={() => { onMove(-1); }}
            >
              <IconArrowUp size={18} aria-hidden />
            </ActionIcon>
            <ActionIcon
              variant="default"
              size="lg"
              aria-label={t("unitPackages.moveDown", { number })}
              disabled={index === count - 1}
              onClick={() => { onMove(1); }}
            >
              <IconArrowDown size={18} aria-hidden />
            </ActionIcon>
            <ActionIcon variant="default" size="lg" color="red.9" aria-label={t("unitPackages.removeItem", { number })} onClick={onRemove}>
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Group>
        </Group>
        <TextInput
          label={t("unitPackages.itemTitle")}
          required
          value={row.title}
          onChange={(event) => { onChange("title", event.currentTarget.value); }}
          error={problemText(problems?.title)}
        />
        <SimpleGrid cols={2} spacing="sm">
          <TextInput
            label={t("unitPackages.itemMinutes")}
            required
            inputMode="numeric"
            autoComplete="off"
            value={row.minutes}
            onChange={(event) => { onChange("minutes", event.currentTarget.value); }}
            error={problemText(problems?.minutes)}
          />
          <TextInput
            label={t("unitPackages.itemSlides")}
            autoComplete="off"
            value={row.slides}
            onChange={(event) => { onChange("slides", event.currentTarget.value); }}
            error={problemText(problems?.slides)}
          />
        </SimpleGrid>
        <Textarea
          label={t("unitPackages.itemMethodNotes")}
          rows={2}
          value={row.methodNotes}
          onChange={(event) => { onChange("methodNotes", event.currentTarget.value); }}
        />
      </Stack>
    </Paper>
  );
}

function PublishDialog({
  packageId,
  version,
  kind,
  onClose,
}: {
  packageId: string;
  version: PackageVersionDetail;
  kind: PackageKind;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const change = useChange([unitPackageKeys.all], () => publishPackageVersion(api, packageId, version.id, key), onClose);
  return (
    <FormDialog
      title={t("unitPackages.publishTitle", { number: version.number })}
      submitLabel={t("unitPackages.publish")}
      pending={change.isPending}
      error={change.error}
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>
        {isDocument(kind)
          ? t("unitPackages.publishDocumentIntro", { number: version.number })
          : t("unitPackages.publishIntro", { number: version.number, minutes: version.total_minutes })}
      </Text>
      <Text fw={600}>{t("unitPackages.publishImmutable")}</Text>
    </FormDialog>
  );
}

/** One of a list, or none; waits (disabled) until the list has come. */
function OptionalChoice({
  label,
  hint,
  value,
  choices,
  onChange,
}: {
  label: string;
  hint: string;
  value: string;
  choices: { value: string; label: string }[] | undefined;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  return (
    <NativeSelect
      label={label}
      description={hint}
      value={value}
      disabled={!choices}
      onChange={(event) => { onChange(event.currentTarget.value); }}
      data={[{ value: "", label: t("unitPackages.noResource") }, ...(choices ?? [])]}
    />
  );
}

/** What a meeting kit's version offers beside its agenda: the evaluation and the data it rests on. */
function VersionResources({
  surveyTemplateId,
  indicatorSetId,
  onSurveyTemplate,
  onIndicatorSet,
}: {
  surveyTemplateId: string;
  indicatorSetId: string;
  onSurveyTemplate: (id: string) => void;
  onIndicatorSet: (id: string) => void;
}) {
  const { t } = useI18n();
  const templates = useUnitSurveyTemplates();
  const sets = useIndicatorSets();
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <OptionalChoice
        label={t("unitPackages.surveyTemplate")}
        hint={t("unitPackages.surveyTemplateHint")}
        value={surveyTemplateId}
        choices={templates.data?.map((item) => ({ value: item.id, label: item.title }))}
        onChange={onSurveyTemplate}
      />
      <OptionalChoice
        label={t("unitPackages.indicatorSet")}
        hint={t("unitPackages.indicatorSetHint")}
        value={indicatorSetId}
        choices={sets.data?.map((item) => ({ value: item.id, label: item.name }))}
        onChange={onIndicatorSet}
      />
    </SimpleGrid>
  );
}

function AgendaEditor({
  packageId,
  version,
  etag,
  onReload,
}: {
  packageId: string;
  version: PackageVersionDetail;
  etag: string;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [rows, setRows] = useState(() => rowsFromItems(version.items));
  const [note, setNote] = useState(version.change_note);
  const [surveyTemplateId, setSurveyTemplateId] = useState(version.survey_template_id ?? "");
  const [indicatorSetId, setIndicatorSetId] = useState(version.indicator_set_id ?? "");
  const [problems, setProblems] = useState<Record<string, RowProblems>>({});
  const [publishing, setPublishing] = useState(false);
  const save = useChange(
    [unitPackageKeys.versions(packageId)],
    (items: ReturnType<typeof itemsFromRows>["items"]) =>
      updatePackageVersion(
        api,
        packageId,
        version.id,
        { change_note: note.trim(), items, survey_template_id: surveyTemplateId || null, indicator_set_id: indicatorSetId || null },
        etag,
      ),
    onReload,
  );
  const stale = isStale(save.error);
  const dirty =
    rowsChanged(rows, version.items) ||
    note.trim() !== version.change_note ||
    surveyTemplateId !== (version.survey_template_id ?? "") ||
    indicatorSetId !== (version.indicator_set_id ?? "");
  const total = totalMinutes(rows);
  const edit = (next: AgendaRow[]) => {
    setRows(next);
  };
  return (
    <Stack gap="sm">
      <Textarea
        label={t("unitPackages.changeNote")}
        rows={2}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
      />
      <VersionResources
        surveyTemplateId={surveyTemplateId}
        indicatorSetId={indicatorSetId}
        onSurveyTemplate={setSurveyTemplateId}
        onIndicatorSet={setIndicatorSetId}
      />
      <Title order={3} size="h4">
        {t("unitPackages.agenda")}
      </Title>
      {rows.length === 0 ? <Text>{t("unitPackages.agendaEmpty")}</Text> : null}
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
        {rows.map((row, index) => (
          <AgendaRowFields
            key={row.key}
            row={row}
            index={index}
            count={rows.length}
            problems={problems[row.key]}
            onChange={(field, value) => { edit(changeRow(rows, row.key, field, value)); }}
            onMove={(step) => { edit(moveRow(rows, row.key, step)); }}
            onRemove={() => { edit(removeRow(rows, row.key)); }}
          />
        ))}
      </Stack>
      <Group justify="space-between" gap="sm">
        <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { edit(addRow(rows)); }}>
          {t("unitPackages.addItem")}
        </Button>
        <Text fw={700} role="status" aria-live="polite">
          {t("unitPackages.total", { minutes: total })}
        </Text>
      </Group>
      {save.error && !stale ? <ErrorState error={save.error} showFieldErrors /> : null}
      {stale ? <StaleNotice onReload={onReload} /> : null}
      <Group gap="sm">
        <Button
          disabled={save.isPending || stale || !dirty}
          onClick={() => {
            const read = itemsFromRows(rows);
            setProblems(read.problems);
            if (Object.keys(read.problems).length === 0) save.mutate(read.items);
          }}
        >
          {save.isPending ? t("common.saving") : t("unitPackages.saveAgenda")}
        </Button>
        <Button variant="default" disabled={dirty || version.items.length === 0} onClick={() => { setPublishing(true); }}>
          {t("unitPackages.publish")}
        </Button>
      </Group>
      {dirty ? <Text size="sm" c="dimmed">{t("unitPackages.saveBeforePublish")}</Text> : null}
      {publishing ? <PublishDialog packageId={packageId} version={version} kind="package" onClose={() => { setPublishing(false); }} /> : null}
    </Stack>
  );
}

/** A template's or a guide's draft: no agenda, only the note on the version, then publishing. */
function DocumentVersionEditor({
  packageId,
  version,
  kind,
  etag,
  onReload,
}: {
  packageId: string;
  version: PackageVersionDetail;
  kind: PackageKind;
  etag: string;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [note, setNote] = useState(version.change_note);
  const [publishing, setPublishing] = useState(false);
  const save = useChange(
    [unitPackageKeys.versions(packageId)],
    () => updatePackageVersion(api, packageId, version.id, { change_note: note.trim(), items: [] }, etag),
    onReload,
  );
  const stale = isStale(save.error);
  const dirty = note.trim() !== version.change_note;
  return (
    <Stack gap="sm">
      <Textarea
        label={t("unitPackages.changeNote")}
        description={t("unitPackages.changeNoteHint")}
        rows={2}
        value={note}
        onChange={(event) => {
          setNote(event.currentTarget.value);
        }}
      />
      {save.error && !stale ? <ErrorState error={save.error} showFieldErrors /> : null}
      {stale ? <StaleNotice onReload={onReload} /> : null}
      <Group gap="sm">
        <Button variant="default" disabled={save.isPending || stale || !dirty} onClick={() => { save.mutate(undefined); }}>
          {save.isPending ? t("common.saving") : t("unitPackages.saveNote")}
        </Button>
        <Button disabled={dirty} onClick={() => { setPublishing(true); }}>
          {t("unitPackages.publish")}
        </Button>
      </Group>
      {dirty ? <Text size="sm" c="dimmed">{t("unitPackages.saveNoteBeforePublish")}</Text> : null}
      {publishing ? <PublishDialog packageId={packageId} version={version} kind={kind} onClose={() => { setPublishing(false); }} /> : null}
    </Stack>
  );
}

function Materials({ packageId, versionId, editable }: { packageId: string; versionId: string; editable: boolean }) {
  const { t, formatFileSize } = useI18n();
  const materials = usePackageMaterials(packageId, versionId);
  return (
    <Stack gap="xs">
      <Title order={3} size="h4">
        {t("unitPackages.materials")}
      </Title>
      {materials.isPending ? <LoadingState /> : null}
      {materials.isError ? <ErrorState error={materials.error} onRetry={() => void materials.refetch()} /> : null}
      {materials.isSuccess && materials.data.length === 0 ? <Text>{t("unitPackages.noMaterials")}</Text> : null}
      {materials.isSuccess && materials.data.length > 0 ? (
        <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: "none" }} aria-label={t("unitPackages.materials")}>
          {materials.data.map((material) => (
            <li key={material.id}>
              <Text style={{ overflowWrap: "anywhere" }}>
                {material.name} <Text span size="sm" c="dimmed">({formatFileSize(material.size)})</Text>
              </Text>
            </li>
          ))}
        </Stack>
      ) : null}
      {editable ? (
        <FileUploader
          target={{
            path: "/api/v1/packages/{package_id}/versions/{version_id}/materials",
            params: { package_id: packageId, version_id: versionId },
          }}
          invalidate={[unitPackageKeys.materials(versionId)]}
        />
      ) : null}
    </Stack>
  );
}

function DraftSection({ packageId, versionId, kind }: { packageId: string; versionId: string; kind: PackageKind }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const version = usePackageVersion(packageId, versionId);
  const reload = () => void queryClient.invalidateQueries({ queryKey: unitPackageKeys.version(packageId, versionId) });
  return (
    <Section title={version.data ? t("unitPackages.draftTitle", { number: version.data.data.number }) : t("unitPackages.draft")}>
      {version.isPending ? <LoadingState /> : null}
      {version.isError ? <ErrorState error={version.error} onRetry={() => void version.refetch()} /> : null}
      {version.isSuccess ? (
        <>
          {isDocument(kind) ? (
            <>
              <Text size="sm" c="dimmed">{t("unitPackages.documentDraftIntro")}</Text>
              <Materials packageId={packageId} versionId={versionId} editable />
              <DocumentVersionEditor
                key={version.data.etag}
                packageId={packageId}
                version={version.data.data}
                kind={kind}
                etag={version.data.etag}
                onReload={reload}
              />
            </>
          ) : (
            <>
              <Text size="sm" c="dimmed">{t("unitPackages.draftIntro")}</Text>
              <AgendaEditor key={version.data.etag} packageId={packageId} version={version.data.data} etag={version.data.etag} onReload={reload} />
              <Materials packageId={packageId} versionId={versionId} editable />
            </>
          )}
        </>
      ) : null}
    </Section>
  );
}

// --- retiring and deleting ---------------------------------------------------------------------

function RetireDialog({ item, onClose }: { item: UnitPackageDetail; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const key = useIdempotencyKey();
  const change = useChange([unitPackageKeys.all], () => retirePackage(api, item.id, key), onClose);
  return (
    <FormDialog
      title={t("unitPackages.retireTitle", { title: item.title })}
      submitLabel={t("unitPackages.retire")}
      pending={change.isPending}
      error={change.error}
      danger
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>{t("unitPackages.retireIntro")}</Text>
    </FormDialog>
  );
}

function DeleteDialog({ item, onClose }: { item: UnitPackageDetail; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const queryKey = ["unit-package-delete", item.id];
  return (
    <WithCurrentVersion title={t("unitPackages.deleteTitle", { title: item.title })} queryKey={queryKey} load={() => readPackage(api, item.id)} onClose={onClose}>
      {(current) => (
        <DeleteForm
          item={item}
          onClose={onClose}
          onDeleted={() => {
            queryClient.removeQueries({ queryKey: unitPackageKeys.one(item.id) });
            void navigate(paths.unitPackages);
          }}
          remove={() => deletePackage(api, item.id, current.etag)}
          onReload={() => void queryClient.invalidateQueries({ queryKey: ["current-version", ...queryKey] })}
        />
      )}
    </WithCurrentVersion>
  );
}

function DeleteForm({
  item,
  onClose,
  onDeleted,
  remove,
  onReload,
}: {
  item: UnitPackageDetail;
  onClose: () => void;
  onDeleted: () => void;
  remove: () => Promise<void>;
  onReload: () => void;
}) {
  const { t } = useI18n();
  const change = useChange([unitPackageKeys.all], remove, onDeleted);
  const stale = isStale(change.error);
  return (
    <FormDialog
      title={t("unitPackages.deleteTitle", { title: item.title })}
      submitLabel={t("unitPackages.delete")}
      pending={change.isPending}
      error={stale ? null : change.error}
      disabled={stale}
      danger
      onSubmit={() => { change.mutate(undefined); }}
      onClose={onClose}
    >
      <Text>{t("unitPackages.deleteIntro")}</Text>
      {stale ? <StaleNotice onReload={onReload} /> : null}
    </FormDialog>
  );
}

// --- the page ----------------------------------------------------------------------------------

function PackageEditor({ item }: { item: UnitPackageDetail }) {
  const { t } = useI18n();
  const versions = usePackageVersions(item.id);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => { setDialog(null); };
  const canChange = item.my_permissions.change;
  const draft = [...(versions.data ?? [])].reverse().find((version) => version.state === "draft") ?? null;
  const open = item.state !== "retired";
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to={paths.unitPackages} size="sm">
          {t("unitPackages.back")}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1} style={{ overflowWrap: "anywhere" }}>
            {item.title}
          </Title>
          <PackageStateBadge state={item.state} />
        </Group>
        <Text c="dimmed">{`${t(PACKAGE_KIND_KEYS[item.kind])} · ${item.unit_name}`}</Text>
        {item.state === "published" || (item.state === "retired" && !isDocument(item.kind)) ? (
          <Anchor component={Link} to={isDocument(item.kind) ? paths.templates : packagePath(item.id)}>
            {t(isDocument(item.kind) ? "unitPackages.onTemplatesPage" : "unitPackages.inCatalogue")}
          </Anchor>
        ) : null}
      </Stack>
      {canChange && open ? (
        <Group gap="sm">
          <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => { setDialog("describe"); }}>
            {t("unitPackages.describe")}
          </Button>
          {item.state === "published" ? (
            <Button variant="default" color="red.9" onClick={() => { setDialog("retire"); }}>
              {t("unitPackages.retire")}
            </Button>
          ) : null}
          {item.state === "draft" ? (
            <Button variant="default" color="red.9" onClick={() => { setDialog("delete"); }}>
              {t("unitPackages.delete")}
            </Button>
          ) : null}
        </Group>
      ) : null}
      {item.state === "retired" ? <Notice tone="info" title={t("unitPackages.retiredNotice")} /> : null}
      <DescriptionSection item={item} />
      {canChange && open && versions.isSuccess && draft ? <DraftSection packageId={item.id} versionId={draft.id} kind={item.kind} /> : null}
      {item.published_version ? <PublishedSection packageId={item.id} version={item.published_version} kind={item.kind} /> : null}
      <Section
        title={t("unitPackages.versions")}
        actions={
          canChange && open && versions.isSuccess && !draft ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { setDialog("newVersion"); }}>
              {t("unitPackages.newVersion")}
            </Button>
          ) : null
        }
      >
        {versions.isPending ? <LoadingState /> : null}
        {versions.isError ? <ErrorState error={versions.error} onRetry={() => void versions.refetch()} /> : null}
        {versions.isSuccess ? <VersionList versions={versions.data} kind={item.kind} /> : null}
      </Section>
      {dialog === "describe" ? <DescriptionDialog packageId={item.id} onClose={close} /> : null}
      {dialog === "newVersion" ? <NewVersionDialog item={item} onClose={close} /> : null}
      {dialog === "retire" ? <RetireDialog item={item} onClose={close} /> : null}
      {dialog === "delete" ? <DeleteDialog item={item} onClose={close} /> : null}
    </Stack>
  );
}

export default function UnitPackagePage() {
  const { t } = useI18n();
  useDocumentTitle("unitPackages.editorTitle");
  const { packageId = "" } = useParams();
  const item = usePackage(packageId);
  if (item.isPending) return <LoadingState />;
  if (item.isError) {
    return (
      <Stack gap="lg">
        <Title order={1}>{t("unitPackages.editorTitle")}</Title>
        <ErrorState error={item.error} onRetry={() => void item.refetch()} />
      </Stack>
    );
  }
  return <PackageEditor item={item.data} />;
}
