/**
 * The treasurer's (kasserer's) home: for each cluster they keep the money of, this year's
 * balance so far, the year's income and spending, and the way to the ledger.
 */
import "../../theme/pageStyles";
import { Box, Group, SimpleGrid, Text } from "@mantine/core";
import { IconCoins } from "@tabler/icons-react";
import { Fragment } from "react";
import { Link } from "react-router";
import { useFees, useLedger } from "../../api/economy";
import type { MyCluster } from "../../api/types";
import { clusterEconomyPath, newExpensePath } from "../../app/navigation";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { todayInDenmark } from "../../i18n/format";
import { BudgetChart } from "../economy/BudgetChart";
import { HomeCard } from "./HomeCard";
import { ApprovalQueue } from "../expenses/ApprovalQueue";
import { IconReceipt } from "@tabler/icons-react";

/** The fees waiting for the treasurer's confirmation, with the way to them. */
function FeesWaiting({ cluster }: { cluster: MyCluster }) {
  const { t, formatNumber } = useI18n();
  const fees = useFees(cluster.id, "proposed");
  if (fees.isPending) return null;
  if (fees.isError) return <ErrorState error={fees.error} onRetry={() => void fees.refetch()} />;
  const count = fees.data.length;
  if (count === 0) return <Text size="sm" mb="sm">{t("home.treasurer.feesNone")}</Text>;
  return (
    <Group gap="xs" mb="sm">
      <Text size="sm" fw={600}>{t("home.treasurer.feesWaiting", { count: formatNumber(count) })}</Text>
      <Link to={`${clusterEconomyPath(cluster.id)}#honorarer`}>{t("home.treasurer.feesOpen")}</Link>
    </Group>
  );
}

function ClusterBalance({ cluster, year }: { cluster: MyCluster; year: number }) {
  const { t, formatMoney } = useI18n();
  const ledger = useLedger(cluster.id, year);
  return (
    <HomeCard title={t("home.treasurer.title", { cluster: cluster.name })} icon={<IconCoins size={20} aria-hidden />}>
      {ledger.isPending ? <LoadingState /> : null}
      {ledger.isError ? <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} /> : null}
      {ledger.isSuccess ? (
        <>
          <Text size="xl" fw={700}>
            {formatMoney(ledger.data.closing_balance_ore)}
          </Text>
          <Text size="sm" c="dimmed" mb="sm">
            {t("home.treasurer.balance", { year })}
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" mb="sm">
            <div>
              <Text fw={600}>{formatMoney(ledger.data.income_ore)}</Text>
              <Text size="sm" c="dimmed">{t("economy.ledger.income")}</Text>
            </div>
            <div>
              <Text fw={600}>{formatMoney(ledger.data.spending_ore)}</Text>
              <Text size="sm" c="dimmed">{t("economy.ledger.spending")}</Text>
            </div>
          </SimpleGrid>
          {ledger.data.budget_net_ore === null ? (
            <Text size="sm" mb="sm">{t("home.treasurer.noBudget", { year })}</Text>
          ) : (
            <Box mb="sm">
              <BudgetChart summary={ledger.data} compact listed />
            </Box>
          )}
        </>
      ) : null}
      <FeesWaiting cluster={cluster} />
      <Group gap="xs">
        <Link to={clusterEconomyPath(cluster.id)}>{t("home.treasurer.open")}</Link>
        <Link to={newExpensePath(cluster.id)}>{t("expenses.new.title")}</Link>
      </Group>
    </HomeCard>
  );
}

function ClusterApprovals({ cluster }: { cluster: MyCluster }) {
  const { t } = useI18n();
  return (
    <HomeCard title={t("expenses.queue.heading", { cluster: cluster.name })} icon={<IconReceipt size={20} aria-hidden />}>
      <ApprovalQueue clusterId={cluster.id} />
    </HomeCard>
  );
}

export default function TreasurerHome({ clusters }: { clusters: readonly MyCluster[] }) {
  const year = Number(todayInDenmark().slice(0, 4));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {clusters.map((cluster) => (
        <Fragment key={cluster.id}>
          <ClusterBalance cluster={cluster} year={year} />
          <ClusterApprovals cluster={cluster} />
        </Fragment>
      ))}
    </SimpleGrid>
  );
}
