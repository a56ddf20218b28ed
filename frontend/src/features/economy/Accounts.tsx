/**
 * The year's annual accounts as a PDF or an Excel workbook, for the treasurer to send to the
 * members: fetched with the token and the format's Accept, saved under the server's file name.
 */
import { Group, Text } from "@mantine/core";
import { IconFileSpreadsheet, IconFileTypePdf } from "@tabler/icons-react";
import { useApi } from "../../api/context";
import { downloadAccounts } from "../../api/economy";
import { DownloadButton } from "../../components/DownloadButton";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";

export function AccountsSection({ clusterId, year }: { clusterId: string; year: number }) {
  const { t } = useI18n();
  const api = useApi();
  return (
    <Section title={t("economy.accounts.title")}>
      <Text size="sm">{t("economy.accounts.intro", { year })}</Text>
      <Group gap="sm">
        <DownloadButton
          label={t("economy.accounts.pdf")}
          busyLabel={t("economy.accounts.downloading")}
          icon={<IconFileTypePdf size={16} aria-hidden />}
          download={() => downloadAccounts(api, clusterId, year, "pdf", t("economy.accounts.pdfFile", { year }))}
        />
        <DownloadButton
          label={t("economy.accounts.xlsx")}
          busyLabel={t("economy.accounts.downloading")}
          icon={<IconFileSpreadsheet size={16} aria-hidden />}
          download={() => downloadAccounts(api, clusterId, year, "xlsx", t("economy.accounts.xlsxFile", { year }))}
        />
      </Group>
    </Section>
  );
}
