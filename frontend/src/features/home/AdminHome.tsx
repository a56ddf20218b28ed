/** The platform admin's home: user administration and the machine clients. */
import "../../theme/pageStyles";
import { SimpleGrid, Text } from "@mantine/core";
import { IconApi, IconUsers } from "@tabler/icons-react";
import { Link } from "react-router";
import { useMachineClients } from "../../api/clients";
import { paths } from "../../app/navigation";
import { useI18n } from "../../i18n/context";
import { HomeCard } from "./HomeCard";

export default function AdminHome() {
  const { t } = useI18n();
  const clients = useMachineClients();
  const active = (clients.data ?? []).filter((client) => client.is_active).length;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
      <HomeCard title={t("home.admin.users")} icon={<IconUsers size={20} aria-hidden />}>
        <Text size="sm" mb="xs">
          {t("home.admin.usersBody")}
        </Text>
        <Link to={paths.admin}>{t("home.admin.users")}</Link>
      </HomeCard>
      <HomeCard title={t("home.admin.clients")} icon={<IconApi size={20} aria-hidden />}>
        <Text size="sm" mb="xs">
          {clients.isSuccess ? t("home.admin.clientsBody", { count: active }) : t("clients.intro")}
        </Text>
        <Link to={paths.adminClients}>{t("home.admin.clients")}</Link>
      </HomeCard>
    </SimpleGrid>
  );
}
