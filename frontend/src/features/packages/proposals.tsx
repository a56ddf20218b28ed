/** What the cluster's and the unit's pages of package proposals share: a proposal's state, its card and its details. */
import { Anchor, Badge, Group, List, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { downloadPackageMaterial, useProposal, type PackageProposal, type PackageProposalState } from "../../api/packageProposals";
import { packagePath } from "../../app/navigation";
import { DownloadButton } from "../../components/DownloadButton";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import type { PlainKey } from "../../i18n/translate";
import { Notice } from "../meetings/notices";

const STATE_KEYS: Record<PackageProposalState, PlainKey> = {
  proposed: "proposal.state.proposed",
  returned: "proposal.state.returned",
  published: "proposal.state.published",
};
const STATE_COLORS: Record<PackageProposalState, string> = { proposed: "klynge.8", returned: "orange.9", published: "green.9" };

export const PROPOSAL_STATES: readonly PackageProposalState[] = ["proposed", "returned", "published"];

export function proposalStateKey(state: PackageProposalState): PlainKey {
  return STATE_KEYS[state];
}

export function ProposalStateBadge({ state }: { state: PackageProposalState }) {
  const { t } = useI18n();
  return (
    <Badge color={STATE_COLORS[state]} variant="filled" tt="none" w="fit-content">
      {t(STATE_KEYS[state])}
    </Badge>
  );
}

/** A proposal as a card: its title, who proposed it to whom, its state, the unit's comment, and `actions`. */
export function ProposalCard({ proposal, showCluster, actions, children }: { proposal: PackageProposal; showCluster: boolean; actions?: ReactNode; children?: ReactNode }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" align="flex-start" gap="xs">
        <Title order={3} size="h4" style={{ overflowWrap: "anywhere", minWidth: 0 }}>
          {proposal.title}
        </Title>
        <ProposalStateBadge state={proposal.state} />
      </Group>
      <Text size="sm" c="dimmed">
        {[
          showCluster ? t("proposal.fromCluster", { cluster: proposal.cluster_name }) : proposal.unit_name,
          t("proposal.submitted", { date: formatDateTime(proposal.submitted_at) }),
          t("proposal.minutes", { minutes: formatNumber(proposal.estimated_minutes) }),
        ].join(" · ")}
      </Text>
      {proposal.summary ? <Text mt={4} style={{ whiteSpace: "pre-wrap" }}>{proposal.summary}</Text> : null}
      {proposal.themes.length > 0 ? (
        <Group gap={6} mt={6}>
          {proposal.themes.map((theme) => (
            <Badge key={theme} variant="outline" color="gray.8" tt="none">
              {theme}
            </Badge>
          ))}
        </Group>
      ) : null}
      {proposal.state === "returned" && proposal.review_comment ? (
        <Notice tone="warning">
          <Text span fw={600}>
            {t("proposal.comment", { unit: proposal.unit_name })}:
          </Text>{" "}
          <Text span style={{ whiteSpace: "pre-wrap" }}>
            {proposal.review_comment}
          </Text>
        </Notice>
      ) : null}
      {proposal.state === "published" ? (
        <Anchor component={Link} to={packagePath(proposal.package_id)} size="sm">
          {t("proposal.showPackage")}
        </Anchor>
      ) : null}
      {children}
      {actions ? (
        <Group gap="xs" mt="sm">
          {actions}
        </Group>
      ) : null}
    </Paper>
  );
}

/**
 * A proposal's agenda, notes and materials, read when shown. The reviewing unit downloads the
 * materials (the draft package is its own); the cluster sees their names (the originals are its meeting's).
 */
export function ProposalDetails({ proposalId, downloads }: { proposalId: string; downloads: boolean }) {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const proposal = useProposal(proposalId);
  if (proposal.isPending) return <LoadingState />;
  if (proposal.isError) return <ErrorState error={proposal.error} onRetry={() => void proposal.refetch()} />;
  const data = proposal.data;
  return (
    <Stack gap="xs" mt="sm">
      <Title order={4} size="h5">
        {t("proposal.agenda")}
      </Title>
      <List type="ordered" spacing={4}>
        {data.items.map((item, index) => (
          <List.Item key={`${String(index)}-${item.title}`}>
            {t("proposal.item", { title: item.title, minutes: formatNumber(item.minutes) })}
            {item.method_notes ? (
              <Text size="sm" c="dimmed" style={{ whiteSpace: "pre-wrap" }}>
                {item.method_notes}
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
      {data.notes ? (
        <>
          <Title order={4} size="h5">
            {t("proposal.notes")}
          </Title>
          <Text style={{ whiteSpace: "pre-wrap" }}>{data.notes}</Text>
        </>
      ) : null}
      {data.materials.length > 0 ? (
        <>
          <Title order={4} size="h5">
            {t("proposal.materials")}
          </Title>
          <Stack component="ul" gap={4} p={0} m={0} style={{ listStyle: "none" }}>
            {data.materials.map((material) => (
              <li key={material.id}>
                {downloads ? (
                  <DownloadButton
                    appearance="link"
                    label={material.name}
                    busyLabel={t("templates.downloading")}
                    download={() => downloadPackageMaterial(api, data.package_id, material)}
                  />
                ) : (
                  <Text>{material.name}</Text>
                )}
              </li>
            ))}
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}
