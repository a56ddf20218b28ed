"""The accounts domain: people and machine clients (`users`), sign-in sessions (`sessions`),
the login throttle, who holds each permission (`grants`), and `access`."""
