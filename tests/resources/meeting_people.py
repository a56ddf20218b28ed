"""A small cluster with its people, and a meeting planned for them through the API: what the
e-mail and calendar tests share."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Any

from tests.scenarios import Scenario, build, doctor, machine, role_holder

MEETINGS = "/api/v1/meetings"

# Thursday 5 December 2030, 16.30-19.45 Danish time (UTC+1 in winter); answers by the
# Thursday before at noon.
STARTS_AT = "2030-12-05T15:30:00Z"
ENDS_AT = "2030-12-05T18:45:00Z"
RSVP_BY = "2030-11-28T11:00:00Z"
AGENDA = ["Velkomst og status", "Antibiotika til børn: vores data", "Næste skridt"]


@dataclass
class People(Scenario):
    @property
    def users(self) -> dict[str, Any]:
        return self.people

    @property
    def meetings_url(self) -> str:
        return f"/api/v1/clusters/{self.viborg.id}/meetings"


def build_people(factory) -> People:
    """Viborg: the coordinator and four doctors at two clinics (Anne with a work e-mail of her
    own), and a secretary who works at no clinic; Odense: one doctor; and a machine client."""
    people = {
        "coordinator": doctor("viborg", role="coordinator"),
        "anne": doctor("viborg", work_email="anne.work@laegerne-viborg.dk"),
        "bo": doctor("viborg"),
        "carl": doctor("viborg_other"),
        "dorte": doctor("viborg_other"),
        "odense": doctor("odense"),
        "secretary": role_holder("secretary", name="Sekretæren"),
    }
    for key, person in people.items():
        people[key] = replace(person, user={"email": f"{key}@login.example.dk", **person.user})
    everyone = {**people, "client": machine("midtjylland", "clusters:read")}
    return build(factory, everyone, naming=str.capitalize, shape=People)


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
