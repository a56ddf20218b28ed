"""E-mail: the outbox written in the caller's transaction, and the worker that delivers it."""
