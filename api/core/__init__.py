"""The kernel: what every domain builds on (errors, the database, pagination, ETags,
idempotency, security, the permission table, CSV, storage, the mail outbox). It imports no
domain."""
