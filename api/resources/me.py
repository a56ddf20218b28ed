"""The signed-in person: who am I, which organisations am I part of."""

from __future__ import annotations

from flask.views import MethodView

from api.extensions import Blueprint
from api.schemas.people import MeSchema
from api.security import require_principal

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

        The person's name, e-mail and organisations. Machine clients have no profile (403).
        """
        return require_principal().user
