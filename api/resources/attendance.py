"""PLO's attendance feed: every person at every meeting, for the economy module that pays
fees from it, kept in step by a changes walk or exported as CSV."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import jsonify
from flask.views import MethodView

from api.csv_export import csv_doc, csv_response, wants_csv
from api.errors import abort
from api.extensions import Blueprint
from api.models import Attendance
from api.pagination import paginate, settled_before
from api.schemas.attendance import AttendanceFeedArgsSchema, AttendanceFeedEntrySchema
from api.schemas.common import page_schema
from api.services import attendance_feed

URL_PREFIX = "/attendance"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
blp = Blueprint(
    "attendance",
    __name__,
    description=(
        "PLO's attendance feed: one row per person per meeting, everywhere, for PLO's staff "
        "and economy module (clients with `attendance:read`) and the platform admin."
    ),
)

FEED_DESCRIPTION = """\
One row per person per meeting, in every cluster: the meeting, its cluster and region, the
person, the provider number of the clinic they attended for, the meeting's local date and
length, whether they attended, and whether the meeting is closed (`finalised`: the row is
final, and fees are paid from it).

Unlike the other lists, this one is always a changes walk (its rows come in `(updated_at, id)`
order, with tombstones): there is no other order to page in. Without `updated_since` the walk
starts at the beginning.

**Keeping a copy in step.**

1. First a full walk: `GET /api/v1/attendance?limit=200` (add `finalised=true` to hold only
   final rows). Apply each page in order: insert or replace every row with `deleted: false` by
   its `id`; remove the `id` of every tombstone (`{"id": ..., "deleted": true, "updated_at":
   ...}`; one you never had needs nothing).
2. After applying a page, store its `next_cursor` and ask for the next page with it (and the
   same filters; the `Link` header carries them). `next_cursor` is never null: a page with
   `has_more: false` (and no `Link` header) means you have caught up.
3. Poll later with the stored cursor: you get exactly the rows that changed since.

A row changes, and comes again, when attendance is registered or corrected (also after
closing), when the meeting is closed (`finalised` becomes true), moved (`meeting_date`,
`duration_minutes`) or cancelled (the row becomes a tombstone: it no longer counts), and when
the person's name or the clinic's provider number changes. So a client that stores its cursor
never misses a change and never counts a row twice: a row is identified by its `id`.

A change joins the walk a minute after it is made (the settle delay), so that no cursor passes
a change still being written; a poll may therefore see a change up to a minute late, never
never. Filters select rows by what they show now: a row that leaves a filter (a meeting moved
to another year) is not a tombstone in that filter's walk, so keep a copy in step with
`cluster_id` and `finalised` only, and use `year` for reports.

**A year's export.** With `Accept: text/csv` the same rows (the same filters, tombstones
included, in the same order, from `updated_since` if given) stream as CSV in one response, its
columns the JSON field names: `GET /api/v1/attendance?year=2025&finalised=true` for the fees of
2025. The CSV is a snapshot, not a walk: it takes no `cursor`, and it has no settle delay."""


FEED_PAGE = page_schema(AttendanceFeedEntrySchema, changes=True)


@blp.route("")
class AttendanceFeed(MethodView):
    @blp.access("attendance.feed")
    @blp.arguments(AttendanceFeedArgsSchema, location="query")
    @blp.response(200, FEED_PAGE)
    @blp.doc(operationId="listAttendance", description=FEED_DESCRIPTION, **csv_doc(FEED_PAGE))
    def get(self, args):
        """PLO's attendance feed"""
        stmt = attendance_feed.feed_query(args)
        if wants_csv():
            if args.get("cursor"):
                abort(422, errors={"cursor": ["Not available as CSV: the CSV has every row."]})
            if args.get("updated_since") is not None:
                stmt = stmt.where(Attendance.updated_at >= args["updated_since"])
            return csv_response(
                AttendanceFeedEntrySchema(),
                stmt.order_by(*attendance_feed.FEED_ORDER),
                "attendance.csv",
                dumped_view=attendance_feed.FeedView(),
            )
        if not args.get("cursor"):
            since = args.get("updated_since") or EPOCH
            if args.get("year") is not None:
                # The year's rows start where its earliest change is: exact, and it spares
                # the first page a scan over every earlier year in the feed's order.
                since = max(since, attendance_feed.year_walk_start(args["year"], settled_before()))
            args["updated_since"] = since
        page = paginate(
            stmt,
            args,
            order=attendance_feed.FEED_ORDER,
            view=attendance_feed.FeedView(),
            changes=True,
        )
        # The items are already in their JSON form (see `FeedView`): a Response skips the
        # schema's dump, which would cost more than the query.
        return jsonify(page)
