/**
 * The person's calendar subscription on the profile page: what it is, making it, its secret
 * address shown once with a copy button, a new address in place of the old, and stopping it.
 */
import { Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { IconCalendarPlus, IconCheck, IconCopy, IconRefresh } from "@tabler/icons-react";
import { useRef, useState } from "react";
import { calendarFeedKey, useCalendarFeed, useIssueCalendarFeed, useRevokeCalendarFeed } from "../../api/calendarFeed";
import type { CalendarFeed, CalendarFeedCreated } from "../../api/types";
import { FormDialog, useChange } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { RowMenu } from "../../components/RowMenu";
import { Notice } from "../../components/Notice";
import { Section } from "../../components/Section";
import { useI18n } from "../../i18n/context";

/** The secret address, shown this once: copy it, or open it in a calendar app. */
function FeedAddress({ created }: { created: CalendarFeedCreated }) {
  const { t } = useI18n();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"copied" | "select" | null>(null);

  function selectAddress() {
    input.current?.focus();
    input.current?.select();
  }

  async function copy() {
    try {
      // Missing outside a secure context, and refused when the browser denies the permission.
      if (!("clipboard" in navigator)) throw new Error("No clipboard");
      await navigator.clipboard.writeText(created.url);
      setCopied("copied");
    } catch {
      selectAddress();
      setCopied("select");
    }
  }

  return (
    <Stack gap="sm">
      <Notice tone="warning" title={t("calendarFeed.onlyOnce")} />
      <TextInput
        ref={input}
        readOnly
        value={created.url}
        label={t("calendarFeed.address")}
        description={t("calendarFeed.addressHint")}
        inputWrapperOrder={["label", "description", "input", "error"]}
        // The address is one long token: a monospace font shows each character plainly.
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        onFocus={(event) => {
          event.currentTarget.select();
        }}
      />
      <Group gap="sm">
        <Button
          leftSection={copied === "copied" ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          onClick={() => void copy()}
        >
          {t("calendarFeed.copy")}
        </Button>
        <Button component="a" href={created.webcal_url} variant="default" leftSection={<IconCalendarPlus size={16} aria-hidden />}>
          {t("calendarFeed.openInApp")}
        </Button>
      </Group>
      <StatusMessage message={copied === "copied" ? t("calendarFeed.copied") : copied === "select" ? t("calendarFeed.copyByHand") : ""} />
    </Stack>
  );
}

/**
 * A polite live region that is always in the page, so that what is put into it is announced;
 * while it is empty it takes no room.
 */
function StatusMessage({ message }: { message: string }) {
  return (
    <div role="status" className={message ? undefined : "visually-hidden"}>
      {message ? <Notice tone="success" title={message} /> : null}
    </div>
  );
}

function FeedStatus({ feed }: { feed: CalendarFeed }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  if (!feed.active) return <Text>{t("calendarFeed.none")}</Text>;
  return (
    <div>
      <Text>
        {feed.created_at
          ? t("calendarFeed.activeSince", { date: formatDateTime(feed.created_at) })
          : t("calendarFeed.active")}
      </Text>
      <Text size="sm" c="dimmed">
        {feed.last_used_at
          ? t("calendarFeed.lastUsed", { date: formatDateTime(feed.last_used_at), count: formatNumber(feed.use_count) })
          : t("calendarFeed.neverUsed")}
      </Text>
    </div>
  );
}

interface FeedDialogProps {
  onClose: () => void;
}

/** A new address in place of the old one, which stops working at once. */
function RotateDialog({ onClose, onIssued }: FeedDialogProps & { onIssued: (created: CalendarFeedCreated) => void }) {
  const { t } = useI18n();
  const rotate = useChange([calendarFeedKey], useIssueCalendarFeed(), onIssued);
  return (
    <FormDialog
      title={t("calendarFeed.rotateTitle")}
      submitLabel={t("calendarFeed.rotateSubmit")}
      pending={rotate.isPending}
      error={rotate.error}
      onSubmit={() => { rotate.mutate(undefined); }}
      onClose={onClose}
      danger
    >
      <Text>{t("calendarFeed.rotateQuestion")}</Text>
    </FormDialog>
  );
}

function RevokeDialog({ onClose, onRevoked }: FeedDialogProps & { onRevoked: () => void }) {
  const { t } = useI18n();
  const revoke = useChange([calendarFeedKey], useRevokeCalendarFeed(), onRevoked);
  return (
    <FormDialog
      title={t("calendarFeed.revokeTitle")}
      submitLabel={t("calendarFeed.revokeSubmit")}
      pending={revoke.isPending}
      error={revoke.error}
      onSubmit={() => { revoke.mutate(undefined); }}
      onClose={onClose}
      danger
    >
      <Text>{t("calendarFeed.revokeQuestion")}</Text>
    </FormDialog>
  );
}

export function CalendarFeedSection() {
  const { t } = useI18n();
  const feed = useCalendarFeed();
  const [shown, setShown] = useState<CalendarFeedCreated | null>(null);
  const [dialog, setDialog] = useState<"rotate" | "revoke" | null>(null);
  const [message, setMessage] = useState("");
  const issued = (created: CalendarFeedCreated) => {
    setDialog(null);
    setShown(created);
    setMessage(t("calendarFeed.made"));
  };
  // The first address needs no confirmation: there is no old one to stop.
  const create = useChange([calendarFeedKey], useIssueCalendarFeed(), issued);

  let body;
  if (feed.isPending) body = <LoadingState />;
  else if (feed.isError) body = <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />;
  else {
    body = (
      <>
        <FeedStatus feed={feed.data} />
        {shown ? <FeedAddress created={shown} /> : null}
        {create.error ? <ErrorState error={create.error} /> : null}
        <Group gap="sm">
          {feed.data.active ? (
            <>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => {
                  setMessage("");
                  setDialog("rotate");
                }}
              >
                {t("calendarFeed.rotate")}
              </Button>
              {/* Stopping takes the address away: it sits in a menu, behind a confirmation. */}
              <RowMenu
                about={t("calendarFeed.menuAbout")}
                actions={[
                  {
                    label: t("calendarFeed.revoke"),
                    danger: true,
                    onClick: () => {
                      setMessage("");
                      setDialog("revoke");
                    },
                  },
                ]}
              />
            </>
          ) : (
            <Button
              disabled={create.isPending}
              onClick={() => {
                create.mutate(undefined);
              }}
            >
              {create.isPending ? t("common.saving") : t("calendarFeed.create")}
            </Button>
          )}
        </Group>
      </>
    );
  }
  return (
    <Section title={t("calendarFeed.title")}>
      <Text>{t("calendarFeed.intro")}</Text>
      <Text>{t("calendarFeed.contents")}</Text>
      <StatusMessage message={message} />
      {body}
      {dialog === "rotate" ? <RotateDialog onClose={() => { setDialog(null); }} onIssued={issued} /> : null}
      {dialog === "revoke" ? (
        <RevokeDialog
          onClose={() => { setDialog(null); }}
          onRevoked={() => {
            setDialog(null);
            setShown(null);
            setMessage(t("calendarFeed.revoked"));
          }}
        />
      ) : null}
    </Section>
  );
}
