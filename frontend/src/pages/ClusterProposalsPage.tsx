import "../theme/pageStyles";
import { Anchor, Button, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { useApi } from "../api/context";
import { ApiError } from "../api/errors";
import { proposalKeys, proposesPackages, stepProposal, useClusterProposals, type PackageProposal } from "../api/packageProposals";
import { useMe } from "../api/queries";
import { useCluster } from "../api/registry";
import { clusterMeetingsPath } from "../app/navigation";
import { useChange, useIdempotencyKey } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { Notice, StatusMessage } from "../features/meetings/notices";
import { ReviseDialog, WithdrawDialog } from "../features/packages/ProposalDialogs";
import { ProposalCard, ProposalDetails } from "../features/packages/proposals";
import { useI18n } from "../i18n/context";

type Dialog = { kind: "revise" | "withdraw"; proposal: PackageProposal };

function ResubmitButton({ proposal, onDone }: { proposal: PackageProposal; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const idempotencyKey = useIdempotencyKey();
  const resubmit = useChange([proposalKeys.all], () => stepProposal(api, proposal.id, { action: "resubmit" }, idempotencyKey), () => { onDone(t("proposal.resubmitted")); });
  return (
    <>
      <Button size="compact-md" disabled={resubmit.isPending} onClick={() => { resubmit.mutate(undefined); }}>
        {t("proposal.resubmit")}
      </Button>
      {resubmit.error ? <ErrorState error={resubmit.error} /> : null}
    </>
  );
}

/** /klynger/:clusterId/pakkeforslag: the meetings the cluster shared as packages, and the unit's answers. */
export default function ClusterProposalsPage() {
  const { t } = useI18n();
  const { clusterId = "" } = useParams();
  const cluster = useCluster(clusterId);
  const proposals = useClusterProposals(clusterId);
  const me = useMe();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  useDocumentTitle("proposals.clusterTitle");
  const proposes = proposesPackages(me.data, clusterId);
  const missing = proposals.error instanceof ApiError && proposals.error.status === 404;
  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };
  return (
    <>
      <Anchor component={Link} to={clusterMeetingsPath(clusterId)} size="sm">
        {t("proposals.backToMeetings")}
      </Anchor>
      <Title order={1}>{t("proposals.clusterTitle")}</Title>
      {cluster.data ? <Text c="dimmed">{cluster.data.name}</Text> : null}
      <Text size="lg" my="md">
        {t("proposals.clusterLead")}
      </Text>
      <StatusMessage message={message} />
      {proposals.isPending ? <LoadingState /> : null}
      {proposals.isError ? (
        missing ? <Notice tone="info">{t("cluster.notFound")}</Notice> : <ErrorState error={proposals.error} onRetry={() => void proposals.refetch()} />
      ) : null}
      {proposals.data?.length === 0 ? <EmptyState title={t("proposals.clusterEmpty")} /> : null}
      {proposals.data && proposals.data.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {proposals.data.map((proposal) => {
            const changeable = proposes && proposal.state !== "published";
            return (
              <ProposalCard
                key={proposal.id}
                proposal={proposal}
                showCluster={false}
                actions={
                  <>
                    <Button variant="default" size="compact-md" aria-expanded={open === proposal.id} onClick={() => { setOpen(open === proposal.id ? null : proposal.id); }}>
                      {t("proposal.details")}
                    </Button>
                    {changeable ? (
                      <Button variant="default" size="compact-md" onClick={() => { setMessage(""); setDialog({ kind: "revise", proposal }); }}>
                        {t("proposal.revise")}
                      </Button>
                    ) : null}
                    {changeable && proposal.state === "returned" ? <ResubmitButton proposal={proposal} onDone={done} /> : null}
                    {changeable ? (
                      <Button variant="default" color="red.9" size="compact-md" onClick={() => { setMessage(""); setDialog({ kind: "withdraw", proposal }); }}>
                        {t("proposal.withdraw")}
                      </Button>
                    ) : null}
                  </>
                }
              >
                {open === proposal.id ? <ProposalDetails proposalId={proposal.id} downloads={proposal.state === "published"} /> : null}
              </ProposalCard>
            );
          })}
        </Stack>
      ) : null}
      {dialog?.kind === "revise" ? <ReviseDialog proposal={dialog.proposal} onClose={() => { setDialog(null); }} onDone={done} /> : null}
      {dialog?.kind === "withdraw" ? <WithdrawDialog proposal={dialog.proposal} onClose={() => { setDialog(null); }} onDone={done} /> : null}
    </>
  );
}
