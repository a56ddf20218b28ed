/**
 * /enhed/pakker: a quality unit's own packages, drafts included, each with its kind and state,
 * and a new package created from its kind and description (a draft; a meeting kit's agenda and
 * every kind's materials come in the package's editor). A template or a guide is published
 * with its materials alone and shown on the templates page.
 */
import "../theme/pageStyles";
import { Anchor, Badge, Button, Group, NativeSelect, Paper, Stack, Text, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useApi } from "../api/context";
import { useMe } from "../api/queries";
import type { Organisation } from "../api/types";
import {
  createPackage,
  unitPackageKeys,
  useUnitPackages,
  type PackageKind,
  type PackageState,
  type UnitPackage,
} from "../api/unitPackages";
import { qualityUnitsOf, unitPackagePath } from "../app/navigation";
import { FormDialog, useChange, useIdempotencyKey } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { descriptionFromTexts, emptyDescription, type DescriptionProblem } from "../features/unitPackages/description";
import { DescriptionFields } from "../features/unitPackages/DescriptionFields";
import { PACKAGE_KIND_KEYS, PACKAGE_KINDS, PACKAGE_STATE_COLORS, PACKAGE_STATE_KEYS } from "../features/unitPackages/labels";
import { useI18n } from "../i18n/context";

const STATES: readonly PackageState[] = ["draft", "published", "retired"];

export function PackageStateBadge({ state }: { state: PackageState }) {
  const { t } = useI18n();
  return (
    <Badge variant="filled" tt="none" color={PACKAGE_STATE_COLORS[state]}>
      {t(PACKAGE_STATE_KEYS[state])}
    </Badge>
  );
}

function PackageItem({ item }: { item: UnitPackage }) {
  const { t, formatDate } = useI18n();
  return (
    <Paper component="li" withBorder p="sm" radius="md">
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" gap="xs">
          <Anchor component={Link} to={unitPackagePath(item.id)} fw={600} style={{ overflowWrap: "anywhere" }}>
            {item.title}
          </Anchor>
          <PackageStateBadge state={item.state} />
        </Group>
        {item.summary ? (
          <Text size="sm" lineClamp={2}>
            {item.summary}
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          {[
            t(PACKAGE_KIND_KEYS[item.kind]),
            t("unitPackages.minutes", { minutes: item.estimated_minutes }),
            item.themes.length > 0 ? item.themes.join(", ") : null,
            item.published_version
              ? t("unitPackages.publishedVersion", {
                  number: item.published_version.number,
                  date: formatDate(item.published_version.published_at, "short"),
                })
              : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </Text>
      </Stack>
    </Paper>
  );
}

function CreatePackageDialog({ units, onClose }: { units: readonly Organisation[]; onClose: () => void }) {
  const { t } = useI18n();
  const api = useApi();
  const navigate = useNavigate();
  const key = useIdempotencyKey();
  const [texts, setTexts] = useState(emptyDescription);
  const [problems, setProblems] = useState<DescriptionProblem[]>([]);
  const [unitId, setUnitId] = useState(units[0]?.id ?? "");
  const [kind, setKind] = useState<PackageKind>("package");
  const change = useChange(
    [unitPackageKeys.all],
    (body: Parameters<typeof createPackage>[1]) => createPackage(api, body, key),
    (created) => {
      onClose();
      void navigate(unitPackagePath(created.id));
    },
  );
  return (
    <FormDialog
      title={t("unitPackages.create")}
      submitLabel={t("unitPackages.createSubmit")}
      pending={change.isPending}
      error={change.error}
      showFieldErrors
      onSubmit={() => {
        const read = descriptionFromTexts(texts);
        setProblems(read.problems);
        if (read.description) change.mutate({ ...read.description, kind, unit_id: unitId });
      }}
      onClose={onClose}
    >
      <Stack gap="sm">
        {units.length > 1 ? (
          <NativeSelect
            label={t("unitPackages.unit")}
            value={unitId}
            onChange={(event) => { setUnitId(event.currentTarget.value); }}
            data={units.map((unit) => ({ value: unit.id, label: unit.name }))}
          />
        ) : null}
        <NativeSelect
          label={t("unitPackages.kind")}
          description={t("unitPackages.kindHint")}
          value={kind}
          onChange={(event) => { setKind(event.currentTarget.value as PackageKind); }}
          data={PACKAGE_KINDS.map((value) => ({ value, label: t(PACKAGE_KIND_KEYS[value]) }))}
        />
        <DescriptionFields texts={texts} problems={problems} onChange={setTexts} />
      </Stack>
    </FormDialog>
  );
}

function UnitPackageList({ unit, state }: { unit: Organisation; state: PackageState | null }) {
  const { t } = useI18n();
  const packages = useUnitPackages(unit.id, state);
  const items = packages.data?.pages.flatMap((page) => page.items) ?? [];
  if (packages.isPending) return <LoadingState />;
  if (packages.isError) return <ErrorState error={packages.error} onRetry={() => void packages.refetch()} />;
  if (items.length === 0) return <EmptyState title={t("unitPackages.none")} />;
  return (
    <Stack gap="xs">
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }} aria-label={t("unitPackages.listOf", { unit: unit.name })}>
        {items.map((item) => (
          <PackageItem key={item.id} item={item} />
        ))}
      </Stack>
      {packages.hasNextPage ? (
        <Button variant="default" onClick={() => void packages.fetchNextPage()} loading={packages.isFetchingNextPage}>
          {t("unitPackages.more")}
        </Button>
      ) : null}
    </Stack>
  );
}

export default function UnitPackagesPage() {
  const { t } = useI18n();
  useDocumentTitle("unitPackages.title");
  const me = useMe();
  const [state, setState] = useState<PackageState | null>(null);
  const [creating, setCreating] = useState(false);
  const units = qualityUnitsOf(me.data);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group justify="space-between" align="center" gap="sm">
          <Title order={1}>{t("unitPackages.title")}</Title>
          {units.length > 0 ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => { setCreating(true); }}>
              {t("unitPackages.create")}
            </Button>
          ) : null}
        </Group>
        <Text size="lg">{t("unitPackages.intro")}</Text>
      </Stack>
      {me.isPending ? <LoadingState /> : null}
      {me.isError ? <ErrorState error={me.error} onRetry={() => void me.refetch()} /> : null}
      {me.isSuccess && units.length === 0 ? <EmptyState title={t("unitPackages.noUnit")} /> : null}
      {units.length > 0 ? (
        <NativeSelect
          label={t("unitPackages.filterState")}
          value={state ?? ""}
          onChange={(event) => { setState((event.currentTarget.value || null) as PackageState | null); }}
          data={[{ value: "", label: t("unitPackages.allStates") }, ...STATES.map((value) => ({ value, label: t(PACKAGE_STATE_KEYS[value]) }))]}
          maw={320}
        />
      ) : null}
      {units.map((unit) => (
        <Stack key={unit.id} gap="xs">
          {units.length > 1 ? (
            <Title order={2} size="h3">
              {unit.name}
            </Title>
          ) : null}
          <UnitPackageList unit={unit} state={state} />
        </Stack>
      ))}
      {creating ? <CreatePackageDialog units={units} onClose={() => { setCreating(false); }} /> : null}
    </Stack>
  );
}
