"""The signed-in person: who am I, which organisations and clusters am I part of."""

from __future__ import annotations

from flask.views import MethodView

from api.extensions import Blueprint
from api.models import Meeting
from api.pagination import paginate
from api.schemas.common import page_schema
from api.schemas.meetings import MeetingListArgsSchema, MyMeetingSchema
from api.schemas.people import MeSchema, UserSchema
from api.security import require_principal
from api.services import meetings, registry

URL_PREFIX = "/me"
blp = Blueprint("me", __name__, description="The signed-in person.")


@blp.route("")
class Me(MethodView):
    @blp.access("me.read")
    @blp.etag
    @blp.response(200, MeSchema)
    @blp.doc(operationId="getMe")
    def get(self):
        """Get the signed-in person

        The person's name, e-mail, organisations, and current clusters with their roles
        there. Machine clients have no profile (403).
        """
        user = require_principal().user
        me = {name: getattr(user, name) for name in UserSchema().fields}
        me["clusters"] = registry.my_clusters(user)
        return me


@blp.route("/meetings")
class MyMeetings(MethodView):
    @blp.access("me.meetings")
    @blp.arguments(MeetingListArgsSchema, location="query")
    @blp.response(200, page_schema(MyMeetingSchema))
    @blp.doc(operationId="listMyMeetings")
    def get(self, args):
        """List the meetings I am invited to

        In all my current clusters, by start time, each with my answer: what the dashboard
        shows, in one request. Filter by `from` and `to` (start times, RFC 3339) and
        `status` (`planned` for the coming ones). Machine clients have no invitations (403).
        """
        user = require_principal().user
        filters = {"from": args.pop("from_"), "to": args.pop("to"), "status": args.pop("status")}
        return paginate(
            meetings.my_meetings_query(user.id, filters),
            args,
            order=(Meeting.starts_at, Meeting.id),
            view=meetings.my_meeting_view,
        )
