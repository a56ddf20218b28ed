"""Flask commands: the demo data, the mail worker and housekeeping."""

from __future__ import annotations

import click
from flask import Flask, current_app

from api.demo.seed import DEMO_PASSWORD, seed_demo


def register_commands(app: Flask) -> None:
    @app.cli.command("seed-demo")
    @click.option("--quiet", is_flag=True, help="Print nothing but errors.")
    def seed_demo_command(quiet: bool) -> None:
        """Build the national demo dataset (safe to run again: nothing is duplicated)."""
        if current_app.config["APP_ENV"] == "production":
            raise click.ClickException(
                "seed-demo is refused in production: it creates accounts with public passwords."
            )
        summary = seed_demo()
        if quiet:
            return
        click.echo("Demo data ready:")
        for name, count in summary.counts.items():
            click.echo(f"  {name}: {count:,}")
        if not summary.landscape_created:
            click.echo("  (the cluster landscape was there already and is left as it is)")
        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, description in summary.logins:
            click.echo(f"  {email:<24} {description}")
        for client_id, secret, scopes in summary.clients:
            click.echo(f"  client {client_id} / secret {secret} (scopes: {scopes})")
        if summary.survey_link:
            click.echo(f"Besvar et spørgeskema (medlem@demo.dk): {summary.survey_link}")

    @app.cli.command("purge-expired")
    def purge_expired_command() -> None:
        """Delete expired idempotency keys, ended sessions, expired or used links to set a
        password, and stored content that no file refers to any more (the files went with
        their meeting or cluster)."""
        from api.core.idempotency import purge_expired
        from api.services.accounts.links import purge_spent_links
        from api.services.accounts.sessions import purge_ended_sessions
        from api.services.files.library import collect_unreferenced

        click.echo(
            f"idempotency keys: {purge_expired()}, sessions: {purge_ended_sessions()}, "
            f"password links: {purge_spent_links()}, file contents: {collect_unreferenced()}"
        )

    @app.cli.command("send-mail")
    @click.option("--once", is_flag=True, help="Send what is due now, then exit (cron, tests).")
    @click.option(
        "--poll-seconds",
        type=float,
        default=None,
        help="Seconds between rounds (default MAIL_POLL_SECONDS).",
    )
    def send_mail_command(once: bool, poll_seconds: float | None) -> None:
        """Send the e-mail outbox: retries with backoff, stops cleanly on SIGTERM or Ctrl-C."""
        from api.core.mail.delivery import run_worker

        report = run_worker(once=once, poll_seconds=poll_seconds)
        if once:
            click.echo(
                f"sent: {report.sent}, to retry: {report.retried}, failed: {report.failed}, "
                f"bodies purged: {report.purged_bodies}, records deleted: "
                f"{report.deleted_records}"
            )

    @app.cli.command("mail-failed")
    @click.option("--requeue", is_flag=True, help="Give every listed message new attempts.")
    def mail_failed_command(requeue: bool) -> None:
        """List the e-mails the worker gave up on (newest first), or send them again."""
        from api.core.mail.outbox import failed_messages, requeue_failed

        messages = failed_messages()
        for message in messages:
            click.echo(
                f"{message.id}  {message.last_attempt_at:%Y-%m-%d %H:%M}Z  "
                f"attempts {message.attempts}  {message.recipient}  {message.subject!r}\n"
                f"    {message.last_error}"
            )
        if requeue and messages:
            click.echo(f"requeued: {requeue_failed(m.id for m in messages)}")
        elif not messages:
            click.echo("no failed e-mails")
