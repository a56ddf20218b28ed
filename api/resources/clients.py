"""Machine clients: the regional units' systems, PLO's economy module and scripts."""

from __future__ import annotations

import uuid

from flask import url_for
from flask.views import MethodView
from sqlalchemy import select

from api.errors import abort
from api.extensions import Blueprint, db
from api.models import Client
from api.pagination import paginate
from api.schemas.common import PageArgsSchema, page_schema
from api.schemas.people import (
    ClientCreateSchema,
    ClientSchema,
    ClientUpdateSchema,
    ClientWithSecretSchema,
)
from api.services import accounts

URL_PREFIX = "/clients"
blp = Blueprint(
    "clients",
    __name__,
    description="Machine clients of the client-credentials grant (platform admin).",
)


def get_client_or_404(client_id: uuid.UUID) -> Client:
    client = db.session.get(Client, client_id)
    if client is None:
        abort(404, "No such client.")
    return client


def _with_secret(client: Client, secret: str) -> Client:
    """Attach the plain secret for this one response; it is never stored."""
    client.client_secret = secret  # type: ignore[attr-defined]
    return client


@blp.route("")
class Clients(MethodView):
    @blp.access("clients.read")
    @blp.arguments(PageArgsSchema, location="query")
    @blp.response(200, page_schema(ClientSchema))
    @blp.doc(operationId="listClients")
    def get(self, page_args):
        """List machine clients"""
        return paginate(select(Client), page_args, order=(Client.created_at, Client.id))

    # No Idempotency-Key replay here: it would keep the plain secret for 24 hours.
    @blp.access("clients.write")
    @blp.arguments(ClientCreateSchema)
    @blp.response(201, ClientWithSecretSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="createClient")
    def post(self, data):
        """Register a machine client

        The answer holds `client_secret`, shown this once; only its hash is kept. This
        operation does not replay `Idempotency-Key`, since a replay would need the plain
        secret stored; a retry that finds the client id taken gets 409.
        """
        client, secret = accounts.create_client(data)
        location = url_for("clients.ClientById", client_uuid=client.id)
        return _with_secret(client, secret), 201, {"Location": location}


@blp.route("/<uuid:client_uuid>")
class ClientById(MethodView):
    @blp.access("clients.read")
    @blp.etag
    @blp.response(200, ClientSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="getClient")
    def get(self, client_uuid: uuid.UUID):
        """Get a machine client"""
        return get_client_or_404(client_uuid)

    @blp.access("clients.write")
    @blp.etag
    @blp.arguments(ClientUpdateSchema)
    @blp.response(200, ClientSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="updateClient")
    def patch(self, data, client_uuid: uuid.UUID):
        """Change a machine client

        Requires `If-Match`. Removing a scope takes effect at once, also for tokens already
        issued; deactivating the client revokes its tokens.
        """
        client = get_client_or_404(client_uuid)
        blp.check_etag(client, ClientSchema)
        return accounts.update_client(client, data)

    @blp.access("clients.write")
    @blp.etag
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="deleteClient")
    def delete(self, client_uuid: uuid.UUID):
        """Remove a machine client

        Requires `If-Match`. Its tokens stop working at once.
        """
        client = get_client_or_404(client_uuid)
        blp.check_etag(client, ClientSchema)
        db.session.delete(client)
        db.session.commit()


@blp.route("/<uuid:client_uuid>/secret")
class ClientSecret(MethodView):
    @blp.access("clients.write")
    @blp.response(200, ClientWithSecretSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.doc(operationId="rotateClientSecret")
    def post(self, client_uuid: uuid.UUID):
        """Issue a new client secret

        The old secret and every token issued with it stop working. The new secret is shown
        this once, and never stored in plain text: `Idempotency-Key` is not replayed here.
        """
        client = get_client_or_404(client_uuid)
        secret = accounts.rotate_client_secret(client)
        return _with_secret(client, secret)
