import "../theme/pageStyles";
import { Button, SegmentedControl, Stack, Text, Title } from "@mantine/core";
import { useState } from "react";
import { useApi } from "../api/context";
import { proposalKeys, stepProposal, useProposalQueue, type PackageProposal, type PackageProposalState } from "../api/packageProposals";
import { useChange, useIdempotencyKey } from "../components/dialogs";
import { EmptyState } from "../components/EmptyState";
import { ErrorState } from "../components/ErrorState";
import { LoadingState } from "../components/LoadingState";
import { useDocumentTitle } from "../components/useDocumentTitle";
import { StatusMessage } from "../features/meetings/notices";
import { ReturnDialog } from "../features/packages/ProposalDialogs";
import { PROPOSAL_STATES, ProposalCard, ProposalDetails, proposalStateKey } from "../features/packages/proposals";
import { useI18n } from "../i18n/context";

function PublishButton({ proposal, onDone }: { proposal: PackageProposal; onDone: (message: string) => void }) {
  const { t } = useI18n();
  const api = useApi();
  const idempotencyKey = useIdempotencyKey();
  const publish = useChange(
    [proposalKeys.all, ["packages"]],
    () => stepProposal(api, proposal.id, { action: "publish" }, idempotencyKey),
    () => { onDone(t("proposal.published", { title: proposal.title, cluster: proposal.cluster_name })); },
  );
  return (
    <>
      <Button size="compact-md" disabled={publish.isPending} onClick={() => { publish.mutate(undefined); }}>
        {t("proposal.publish")}
      </Button>
      {publish.error ? <ErrorState error={publish.error} /> : null}
    </>
  );
}

type Filter = PackageProposalState | "all";

/** /pakkeforslag: a regional unit's queue of the proposals its region's clusters send it. */
export default function ProposalReviewPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState<Filter>("proposed");
  const queue = useProposalQueue(filter === "all" ? null : filter);
  const [returning, setReturning] = useState<PackageProposal | null>(null);
  const [message, setMessage] = useState("");
  useDocumentTitle("proposals.reviewTitle");
  const done = (text: string) => {
    setReturning(null);
    setMessage(text);
  };
  return (
    <>
      <Title order={1}>{t("proposals.reviewTitle")}</Title>
      <Text size="lg" my="md">
        {t("proposals.reviewLead")}
      </Text>
      <Stack gap={4} mb="md">
        <Text component="span" size="sm" fw={500} id="proposal-filter">
          {t("proposals.filter")}
        </Text>
        <SegmentedControl<Filter>
          aria-labelledby="proposal-filter"
          value={filter}
          onChange={(value) => { setFilter(value); }}
          data={[...PROPOSAL_STATES.map((state) => ({ value: state, label: t(proposalStateKey(state)) })), { value: "all", label: t("proposals.filter.all") }]}
          style={{ maxWidth: "100%", overflowX: "auto" }}
        />
      </Stack>
      <StatusMessage message={message} />
      {queue.isPending ? <LoadingState /> : null}
      {queue.isError ? <ErrorState error={queue.error} onRetry={() => void queue.refetch()} /> : null}
      {queue.data?.length === 0 ? <EmptyState title={t("proposals.reviewEmpty")} /> : null}
      {queue.data && queue.data.length > 0 ? (
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: "none" }}>
          {queue.data.map((proposal) => (
            <ProposalCard
              key={proposal.id}
              proposal={proposal}
              showCluster
              actions={
                proposal.state === "proposed" ? (
                  <>
                    <PublishButton proposal={proposal} onDone={done} />
                    <Button variant="default" size="compact-md" onClick={() => { setMessage(""); setReturning(proposal); }}>
                      {t("proposal.return")}
                    </Button>
                  </>
                ) : null
              }
            >
              <ProposalDetails proposalId={proposal.id} downloads />
            </ProposalCard>
          ))}
        </Stack>
      ) : null}
      {returning ? <ReturnDialog proposal={returning} onClose={() => { setReturning(null); }} onDone={done} /> : null}
    </>
  );
}
