"""Flask commands: the demo data and housekeeping."""

from __future__ import annotations

import click
from flask import Flask, current_app

from api.services.demo import DEMO_PASSWORD, seed_demo


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

    @app.cli.command("purge-expired")
    def purge_expired_command() -> None:
        """Delete expired idempotency keys and ended sessions."""
        from api.idempotency import purge_expired
        from api.security import purge_ended_sessions

        click.echo(f"idempotency keys: {purge_expired()}, sessions: {purge_ended_sessions()}")
