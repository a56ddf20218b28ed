/**
 * What is new in each of a member's clusters: posts since their last visit to the board, and
 * files added to the library in the last 14 days. (The meetings to answer are the dashboard's
 * coming meetings, each with its answer buttons.)
 */
import "../../theme/pageStyles";
import { Badge, Group, List, SimpleGrid, Text } from "@mantine/core";
import { IconFileText, IconMessages } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { useApi } from "../../api/context";
import { unwrap } from "../../api/errors";
import { useNow } from "../../api/meetings";
import type { MyCluster } from "../../api/types";
import { clusterBoardPath, clusterFilesPath, newExpensePath } from "../../app/navigation";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";
import { formatDate } from "../../i18n/format";
import { HomeCard } from "./HomeCard";

/** Files this recent count as new. */
export const NEW_FILES_DAYS = 14;
const NEWS_SHOWN = 5;

function ClusterNews({ cluster }: { cluster: MyCluster }) {
  const { t, locale } = useI18n();
  const { client } = useApi();
  const posts = useQuery({
    queryKey: ["home-news", cluster.id, "posts"],
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/posts", { params: { path: { cluster_id: cluster.id }, query: { limit: 25 } } }),
        )
      ).items,
  });
  const files = useQuery({
    queryKey: ["home-news", cluster.id, "files"],
    queryFn: async () =>
      (
        await unwrap(
          client.GET("/api/v1/clusters/{cluster_id}/files", { params: { path: { cluster_id: cluster.id }, query: { limit: 200 } } }),
        )
      ).items,
  });
  const now = useNow();
  const since = new Date(new Date(now).getTime() - NEW_FILES_DAYS * 24 * 3600 * 1000).toISOString();
  const newPosts = (posts.data ?? []).filter((post) => post.new || post.new_replies > 0).slice(0, NEWS_SHOWN);
  const newFiles = (files.data ?? [])
    .filter((file) => file.created_at >= since)
    .sort((a, b) => b.created_at.localeCompare(a.created_at))
    .slice(0, NEWS_SHOWN);
  const loaded = posts.isSuccess && files.isSuccess;
  return (
    <HomeCard title={t("home.member.news", { cluster: cluster.name })} icon={<IconMessages size={20} aria-hidden />}>
      {posts.isPending || files.isPending ? <LoadingState /> : null}
      {posts.isError ? <ErrorState error={posts.error} onRetry={() => void posts.refetch()} /> : null}
      {files.isError ? <ErrorState error={files.error} onRetry={() => void files.refetch()} /> : null}
      {loaded && newPosts.length === 0 && newFiles.length === 0 ? <Text size="sm">{t("home.member.noNews")}</Text> : null}
      {newPosts.length > 0 ? (
        <>
          <Text fw={600} size="sm">
            {t("home.member.newPosts")}
          </Text>
          <List spacing={4} listStyleType="none" pl={0} mb="sm">
            {newPosts.map((post) => (
              <List.Item key={post.id}>
                <Group gap="xs" wrap="wrap">
                  {post.new ? (
                    <Badge size="sm">
                      {t("home.member.newPosts")}
                    </Badge>
                  ) : null}
                  <Text size="sm">{post.title ?? post.body.slice(0, 80)}</Text>
                </Group>
                <Text size="xs" c="dimmed">
                  {post.author?.name ?? ""} · {formatDate(post.last_activity_at, locale)}
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
      {newFiles.length > 0 ? (
        <>
          <Text fw={600} size="sm">
            {t("home.member.newFiles")}
          </Text>
          <List spacing={4} listStyleType="none" pl={0} mb="sm">
            {newFiles.map((file) => (
              <List.Item key={file.id} icon={<IconFileText size={16} aria-hidden />}>
                <Text size="sm">
                  {file.name} <Text span size="xs" c="dimmed">· {formatDate(file.created_at, locale)}</Text>
                </Text>
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
      <Group gap="md">
        <Link to={clusterBoardPath(cluster.id)}>{t("home.member.board")}</Link>
        <Link to={clusterFilesPath(cluster.id)}>{t("home.member.library")}</Link>
        <Link to={newExpensePath(cluster.id)}>{t("expenses.new.title")}</Link>
      </Group>
    </HomeCard>
  );
}

export default function MemberHome({ clusters }: { clusters: readonly MyCluster[] }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      {clusters.map((cluster) => (
        <ClusterNews key={cluster.id} cluster={cluster} />
      ))}
    </SimpleGrid>
  );
}
