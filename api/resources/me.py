"""The signed-in person: who am I, which organisations and clusters am I part of."""

from __future__ import annotations

from flask.views import MethodView

from api.extensions import Blueprint
from api.schemas.people import MeSchema, UserSchema
from api.security import require_principal
from api.services import registry

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
