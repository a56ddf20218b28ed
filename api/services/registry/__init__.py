"""The registry domain: reading it (`queries`), changing it (`changes`), bulk upserts (`bulk`),
the landscape in figures (`landscape`), and `access` (reach into clusters, roles, and the
rules the other domains' permissions are made of)."""
