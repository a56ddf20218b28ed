"""Calendars: one meeting as an `.ics` file, and each person's calendar subscription, a secret
URL that calendar apps fetch without a token."""

from __future__ import annotations

import uuid
from dataclasses import asdict

from flask import Response, current_app, request, url_for
from flask.views import MethodView

from api.errors import abort
from api.extensions import Blueprint, client_address, limiter
from api.models import MeetingState
from api.schemas.calendars import CalendarFeedCreatedSchema, CalendarFeedSchema
from api.security import require_principal, token_digest
from api.services import calendar_feeds, meeting_calendar, meetings

URL_PREFIX = ""
blp = Blueprint(
    "calendars",
    __name__,
    description=(
        "Meetings in calendar apps (iCalendar, RFC 5545). A meeting keeps one UID and counts "
        "up its SEQUENCE when it moves or is cancelled, so every calendar it reached follows."
    ),
)

ICALENDAR = "text/calendar"


def _ics_doc(description: str) -> dict:
    return {
        "responses": {
            "200": {
                "description": description,
                "content": {ICALENDAR: {"schema": {"type": "string"}}},
            }
        }
    }


def _calendar_response(document: bytes, headers: dict[str, str]) -> Response:
    return Response(document, mimetype=ICALENDAR, headers=headers)


@blp.route("/meetings/<uuid:meeting_id>/calendar.ics")
class MeetingCalendar(MethodView):
    @blp.access("meetings.read")
    @blp.response(200)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="getMeetingCalendar", **_ics_doc("The meeting as an `.ics` file."))
    def get(self, meeting_id: uuid.UUID):
        """Download a meeting for a calendar

        For whoever may read the meeting. A cancelled meeting comes as cancelled. A draft is
        not put in calendars until it is planned (409).
        """
        meeting, _ = meetings.meeting_access(require_principal(), meeting_id, "meetings.read")
        if meeting.state == MeetingState.draft:
            abort(409, "A draft is not put in calendars; plan the meeting first.")
        filename = meeting_calendar.filename(meeting)
        return _calendar_response(
            meeting_calendar.meeting_document(meeting),
            {"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def _feed_created(status: calendar_feeds.FeedStatus, token: str) -> dict:
    url = url_for("calendars.CalendarFeedDocument", token=token, _external=True)
    return {
        **asdict(status),
        "url": url,
        "webcal_url": "webcal://" + url.split("://", 1)[1],
    }


@blp.route("/me/calendar-feed")
class MyCalendarFeed(MethodView):
    @blp.access("me.calendar_feed")
    @blp.response(200, CalendarFeedSchema)
    @blp.doc(operationId="getMyCalendarFeed")
    def get(self):
        """Get your calendar subscription

        Whether you have a feed, when it was made and last fetched. Its URL is shown only
        when it is made.
        """
        return calendar_feeds.feed_status(require_principal().user)

    # No Idempotency-Key replay here: it would keep the secret URL for 24 hours.
    @blp.access("me.calendar_feed")
    @blp.response(201, CalendarFeedCreatedSchema)
    @blp.doc(operationId="createMyCalendarFeed")
    def post(self):
        """Make your calendar subscription URL (or a new one)

        A secret address with your meetings for a calendar app to subscribe to (Outlook,
        Google, Apple): the meetings you are invited to in your clusters, from a year back
        and all coming ones, except those you declined; moved meetings move and cancelled
        ones show as cancelled. The URL is shown this once; only a hash of it is kept. Making
        a new one stops the old one at once. `Idempotency-Key` is not replayed here, since a
        replay would need the secret stored.
        """
        status, token = calendar_feeds.issue_feed(require_principal().user)
        return _feed_created(status, token), 201, {"Location": url_for("calendars.MyCalendarFeed")}

    @blp.access("me.calendar_feed")
    @blp.response(204)
    @blp.doc(operationId="deleteMyCalendarFeed")
    def delete(self):
        """Stop your calendar subscription

        The URL stops working at once (404). Unlike other deletes this needs no `If-Match`:
        revoking a leaked secret must succeed whatever was done to the feed meanwhile, and
        there is nothing to overwrite. Revoking when there is no feed is not an error.
        """
        calendar_feeds.revoke_feed(require_principal().user)


def _feed_key() -> str:
    # Counted by the token's hash: the rate limiter's storage never holds a usable URL.
    token = (request.view_args or {}).get("token", "")
    return "calendar-feed:" + token_digest(token)


@blp.route("/calendar-feeds/<token>.ics")
class CalendarFeedDocument(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["CALENDAR_FEED_RATE_LIMIT_ADDRESS"],
            key_func=lambda: "calendar-feed-address:" + client_address(),
        ),
        limiter.limit(lambda: current_app.config["CALENDAR_FEED_RATE_LIMIT"], key_func=_feed_key),
    ]

    @blp.public()
    @blp.response(200)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(
        operationId="getCalendarFeed",
        **_ics_doc("The person's meetings as an iCalendar feed."),
    )
    def get(self, token: str):
        """Fetch a calendar subscription

        The address a calendar app subscribes to, made with `POST /api/v1/me/calendar-feed`.
        No bearer token: the address is the secret. An unknown, replaced or revoked address
        is 404. Rate-limited per address and per client (429 with `Retry-After`).
        """
        document = calendar_feeds.feed_for_token(token)
        if document is None:
            abort(404, "No such calendar feed. It may have been replaced or stopped.")
        max_age = current_app.config["CALENDAR_FEED_MAX_AGE_SECONDS"]
        return _calendar_response(document, {"Cache-Control": f"private, max-age={max_age}"})
