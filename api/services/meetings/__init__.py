"""The meetings domain, by concern: `planning` (a meeting's life and agenda), `invitations`,
`attendance`, `followup` (actions), `feed` (PLO's attendance feed), `calendars` and `ical`,
`mail`, and `access`."""
