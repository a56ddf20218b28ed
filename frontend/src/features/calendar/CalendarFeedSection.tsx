/**
 * The person's calendar subscription on the profile page: what it is, making it, its secret
 * address shown once with a copy button, a new address in place of the old, and stopping it.
 */
import { useId, useRef, useState } from "react";
import { calendarFeedKey, useCalendarFeed, useIssueCalendarFeed, useRevokeCalendarFeed } from "../../api/calendarFeed";
import type { CalendarFeed, CalendarFeedCreated } from "../../api/types";
import { FormDialog, useChange } from "../../components/dialogs";
import { ErrorState } from "../../components/ErrorState";
import { LoadingState } from "../../components/LoadingState";
import { useI18n } from "../../i18n/context";

/** The secret address, shown this once: copy it, or open it in a calendar app. */
function FeedAddress({ created }: { created: CalendarFeedCreated }) {
  const { t } = useI18n();
  const inputId = useId();
  const hintId = useId();
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
    <div className="feed-address">
      <p className="notice notice--warning">{t("calendarFeed.onlyOnce")}</p>
      <div className="field">
        <label htmlFor={inputId}>{t("calendarFeed.address")}</label>
        <p id={hintId} className="field__hint">
          {t("calendarFeed.addressHint")}
        </p>
        <input
          ref={input}
          id={inputId}
          type="text"
          readOnly
          value={created.url}
          aria-describedby={hintId}
          className="feed-address__input"
          onFocus={(event) => { event.currentTarget.select(); }}
        />
      </div>
      <div className="page-actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {t("calendarFeed.copy")}
        </button>
        <a className="button button--secondary" href={created.webcal_url}>
          {t("calendarFeed.openInApp")}
        </a>
      </div>
      <p role="status" className={copied ? "notice notice--success" : "visually-hidden"}>
        {copied === "copied" ? t("calendarFeed.copied") : copied === "select" ? t("calendarFeed.copyByHand") : ""}
      </p>
    </div>
  );
}

function FeedStatus({ feed }: { feed: CalendarFeed }) {
  const { t, formatDateTime, formatNumber } = useI18n();
  if (!feed.active) return <p>{t("calendarFeed.none")}</p>;
  return (
    <>
      <p>
        {feed.created_at
          ? t("calendarFeed.activeSince", { date: formatDateTime(feed.created_at) })
          : t("calendarFeed.active")}
      </p>
      <p className="muted">
        {feed.last_used_at
          ? t("calendarFeed.lastUsed", { date: formatDateTime(feed.last_used_at), count: formatNumber(feed.use_count) })
          : t("calendarFeed.neverUsed")}
      </p>
    </>
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
      <p>{t("calendarFeed.rotateQuestion")}</p>
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
      <p>{t("calendarFeed.revokeQuestion")}</p>
    </FormDialog>
  );
}

export function CalendarFeedSection() {
  const { t } = useI18n();
  const headingId = useId();
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
        <div className="page-actions">
          {feed.data.active ? (
            <>
              <button type="button" className="button button--secondary" onClick={() => { setMessage(""); setDialog("rotate"); }}>
                {t("calendarFeed.rotate")}
              </button>
              <button type="button" className="button button--danger" onClick={() => { setMessage(""); setDialog("revoke"); }}>
                {t("calendarFeed.revoke")}
              </button>
            </>
          ) : (
            <button type="button" className="button" disabled={create.isPending} onClick={() => { create.mutate(undefined); }}>
              {create.isPending ? t("common.saving") : t("calendarFeed.create")}
            </button>
          )}
        </div>
      </>
    );
  }
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("calendarFeed.title")}</h2>
      <p>{t("calendarFeed.intro")}</p>
      <p>{t("calendarFeed.contents")}</p>
      <p role="status" className={message ? "notice notice--success" : "visually-hidden"}>
        {message}
      </p>
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
    </section>
  );
}
