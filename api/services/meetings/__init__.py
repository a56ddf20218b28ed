"""The meetings domain, by concern: `planning` (a meeting's life and agenda), `rotation` (a
series of meetings handed out in turn), `from_package` (an agenda built from a package),
`invitations`, `attendance`, `followup` (actions), `feed` (PLO's attendance feed),
`calendars` and `ical`, `mail`, and `access`."""
