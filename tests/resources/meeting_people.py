"""A small cluster with its people, and a meeting planned for them through the API: what the
e-mail and calendar tests share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from api.models import Cluster, ClusterRoleKind, User

MEETINGS = "/api/v1/meetings"

# Thursday 5 December 2030, 16.30-19.45 Danish time (UTC+1 in winter); answers by the
# Thursday before at noon.
STARTS_AT = "2030-12-05T15:30:00Z"
ENDS_AT = "2030-12-05T18:45:00Z"
RSVP_BY = "2030-11-28T11:00:00Z"
AGENDA = ["Velkomst og status", "Antibiotika til børn: vores data", "Næste skridt"]


@dataclass
class People:
    viborg: Cluster
    odense: Cluster
    users: dict[str, User]
    headers: dict[str, dict[str, str]]

    def id(self, name: str) -> str:
        return str(self.users[name].id)

    @property
    def meetings_url(self) -> str:
        return f"/api/v1/clusters/{self.viborg.id}/meetings"


def build_people(factory) -> People:
    """Viborg: the coordinator and four doctors at two clinics (Anne with a work e-mail of her
    own), and a secretary who works at no clinic; Odense: one doctor; and a machine client."""
    viborg = factory.cluster(name="Demoklyngen Viborg")
    odense = factory.cluster(region="syddanmark", name="Odense Syd")
    clinic = factory.clinic(viborg, name="Lægerne i Viborg")
    other = factory.clinic(viborg, name="Viborg Lægehus")
    users: dict[str, Any] = {}
    for name, at, work_email in (
        ("coordinator", clinic, None),
        ("anne", clinic, "anne.work@laegerne-viborg.dk"),
        ("bo", clinic, None),
        ("carl", other, None),
        ("dorte", other, None),
        ("odense", factory.clinic(odense), None),
    ):
        users[name] = factory.user(name=name.capitalize(), email=f"{name}@login.example.dk")
        factory.member(at, users[name], work_email=work_email or users[name].email)
    factory.role(viborg, users["coordinator"], ClusterRoleKind.coordinator)
    users["secretary"] = factory.user(name="Sekretæren", email="secretary@login.example.dk")
    factory.role(viborg, users["secretary"], ClusterRoleKind.secretary)
    users["client"] = factory.client(scopes=["clusters:read"])
    headers = {name: factory.auth(p) for name, p in users.items()}
    return People(viborg, odense, users, headers)


def plan_meeting(client, people: People, **fields: Any) -> dict:
    """A planned meeting in Viborg with an agenda, as the coordinator makes it."""
    body = {
        "title": "Klyngemøde om antibiotika",
        "kind": "after_work",
        "status": "planned",
        "starts_at": STARTS_AT,
        "ends_at": ENDS_AT,
        "rsvp_by": RSVP_BY,
        "place_name": "Lægehuset",
        "place_address": "Vestergade 1, 8800 Viborg",
        **fields,
    }
    coordinator = people.headers["coordinator"]
    created = client.post(people.meetings_url, json=body, headers=coordinator)
    assert created.status_code == 201, created.get_json()
    meeting = created.get_json()
    url = f"{MEETINGS}/{meeting['id']}"
    etag = client.get(url, headers=coordinator).headers["ETag"]
    agenda = client.put(
        f"{url}/agenda-items",
        json={"items": [{"title": t, "duration_minutes": 30} for t in AGENDA]},
        headers={**coordinator, "If-Match": etag},
    )
    assert agenda.status_code == 200, agenda.get_json()
    return meeting


def invite(client, people: People, meeting: dict, **body: Any) -> dict:
    response = client.post(
        f"{MEETINGS}/{meeting['id']}/invitations",
        json=body or {"everyone": True},
        headers=people.headers["coordinator"],
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def answer(client, people: People, meeting: dict, name: str, value: str) -> None:
    response = client.put(
        f"{MEETINGS}/{meeting['id']}/invitations/me",
        json={"answer": value},
        headers=people.headers[name],
    )
    assert response.status_code == 200, response.get_json()


def change(client, people: People, meeting: dict, **fields: Any) -> dict:
    """PATCH the meeting as the coordinator, with the ETag read just before."""
    url = f"{MEETINGS}/{meeting['id']}"
    coordinator = people.headers["coordinator"]
    etag = client.get(url, headers=coordinator).headers["ETag"]
    response = client.patch(url, json=fields, headers={**coordinator, "If-Match": etag})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def cancel(client, people: People, meeting: dict) -> dict:
    response = client.post(
        f"{MEETINGS}/{meeting['id']}/cancel", headers=people.headers["coordinator"]
    )
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def meeting_uuid(meeting: dict) -> uuid.UUID:
    return uuid.UUID(meeting["id"])
