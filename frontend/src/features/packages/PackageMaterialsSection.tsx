/** A meeting's materials from the package its agenda was built from, downloaded through the meeting. */
import { Group, Stack, Text } from "@mantine/core";
import { useApi } from "../../api/context";
import { downloadMeetingPackageMaterial, useMeetingPackageMaterials } from "../../api/packages";
import { DownloadButton } from "../../components/DownloadButton";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";

export function PackageMaterialsSection({ meetingId }: { meetingId: string }) {
  const { t } = useI18n();
  const api = useApi();
  const materials = useMeetingPackageMaterials(meetingId, true);
  return (
    <Section title={t("packages.meetingMaterials.title")}>
      {materials.isPending ? (
        <LoadingState />
      ) : materials.isError ? (
        <ErrorState error={materials.error} onRetry={() => void materials.refetch()} />
      ) : materials.data.length === 0 ? (
        <Text c="dimmed">{t("packages.materials.none")}</Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: "none" }}>
          {materials.data.map((material) => (
            <Group component="li" key={material.id} gap="sm">
              <DownloadButton
                appearance="small"
                label={material.name}
                busyLabel={t("packages.materials.busy")}
                download={() => downloadMeetingPackageMaterial(api, meetingId, material.id, material.name)}
              />
            </Group>
          ))}
        </Stack>
      )}
    </Section>
  );
}
