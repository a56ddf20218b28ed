"""Surveys at national size: the results of KiAP's national member survey (about 2,300
responses from about 3,400 doctors), a survey sent to every doctor in the country, and 50
people answering at the same moment through their personal links, twice, of which none may be
lost and none counted twice.

The links are read from the outbox, as the e-mails carry them. Run with
`python -m bench.surveys`; it builds its own database with the demo data and starts the API
under gunicorn, like `python -m bench.registry`. Exits 1 when a target is missed, a request
fails or an answer is lost.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from api.demo.surveys import MEMBER_SURVEY_TITLE
from api.models import OutboxMessage, SurveyRecipient, SurveyResponse
from bench.meetings import _summary
from bench.registry import Api, timed
from bench.server import HOST, log_tail, prepare_database, running_server

RESULTS_REPEATS = 30
CONCURRENT = 50
# Targets from the surveys' requirements, in milliseconds.
RESULTS_P95_TARGET_MS = 200.0
LINK = re.compile(r"/svar/([A-Za-z0-9_-]{20,})")


def _national_survey(api: Api) -> dict[str, Any]:
    surveys = api.all_items("/api/v1/surveys?purpose=member")
    return next(s for s in surveys if s["title"] == MEMBER_SURVEY_TITLE)


def _results(api: Api, survey_id: str) -> dict[str, Any]:
    timings, statements, errors = [], set(), 0
    for _ in range(RESULTS_REPEATS):
        elapsed, status, sql = timed(api, "GET", f"/api/v1/surveys/{survey_id}/results")
        timings.append(elapsed)
        statements.add(sql)
        errors += status != 200
    return _summary(timings, statements, errors)


def _send_to_the_nation(api: Api, template_id: str, unit_id: str) -> tuple[str, dict[str, Any]]:
    closes = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    status, survey, headers = api.call(
        "POST",
        "/api/v1/surveys",
        {
            "unit_id": unit_id,
            "template_id": template_id,
            "title": "Måling: svar fra hele landet",
            "audience": "nation",
            "anonymous": True,
            "closes_at": closes,
        },
    )
    if status != 201:
        raise RuntimeError(f"POST /api/v1/surveys: {status} {survey}")
    start = time.perf_counter()
    status, body, sent_headers = api.call(
        "POST", f"/api/v1/surveys/{survey['id']}/send", None, {"If-Match": headers["ETag"]}
    )
    elapsed = (time.perf_counter() - start) * 1000
    if status != 200:
        raise RuntimeError(f"send: {status} {body}")
    sql = int(sent_headers.get("X-SQL-Statements", "0"))
    return survey["id"], _summary([elapsed], {sql}, 0) | {"recipients": body["recipient_count"]}


def _answers(form: dict[str, Any]) -> list[dict[str, Any]]:
    """An answer to every question of the form a person would give."""
    answers = []
    for question in form["survey"]["questions"]:
        kind = question["kind"]
        if kind == "likert":
            answers.append({"question_id": question["id"], "value": 4})
        elif kind == "nps":
            answers.append({"question_id": question["id"], "value": 8})
        elif kind == "number":
            answers.append({"question_id": question["id"], "value": question["min_value"] or 1})
        elif kind == "single_choice":
            answers.append({"question_id": question["id"], "value": 0})
        elif kind == "multiple_choice":
            answers.append({"question_id": question["id"], "values": [0, 1]})
        else:
            answers.append({"question_id": question["id"], "text": "Godt møde."})
    return answers


def _post_all_at_once(port: int, tokens: list[str], body: dict[str, Any]) -> list[int]:
    """Every token's answer at the same moment, each on a connection of its own."""
    barrier = threading.Barrier(len(tokens))
    data = json.dumps(body)

    def submit(token: str) -> int:
        connection = http.client.HTTPConnection(HOST, port, timeout=120)
        connection.connect()
        barrier.wait()
        connection.request(
            "POST",
            f"/api/v1/survey-answers/{token}",
            body=data,
            headers={"Content-Type": "application/json"},
        )
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return list(pool.map(submit, tokens))


def _stored(engine: Any, survey: str) -> tuple[int, int]:
    """The survey's responses and its recipients marked answered, as the database holds them."""
    survey_id = uuid.UUID(survey)
    with Session(engine) as session:
        responses = session.scalar(
            select(func.count()).where(SurveyResponse.survey_id == survey_id)
        )
        answered = session.scalar(
            select(func.count()).where(
                SurveyRecipient.survey_id == survey_id, SurveyRecipient.answered.is_(True)
            )
        )
    return int(responses or 0), int(answered or 0)


def _tokens(engine: Any, survey_id: str, count: int) -> list[str]:
    with Session(engine) as session:
        bodies = session.scalars(
            select(OutboxMessage.text_body)
            .where(OutboxMessage.dedupe_key.like(f"survey:{survey_id}:invitation:%"))
            .order_by(OutboxMessage.recipient)
            .limit(count)
        )
        return [match.group(1) for text in bodies if text and (match := LINK.search(text))]


def main() -> int:
    workdir = Path(tempfile.mkdtemp(prefix="bench-surveys-"))
    database_url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    rows: list[tuple[str, dict[str, Any], str]] = []
    problems: list[str] = []
    try:
        prepare_database(database_url)
        engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
        with running_server(database_url, workdir / "api.log") as server:
            api = Api(server.port)
            national = _national_survey(api)
            results = _results(api, national["id"])
            responses = national["response_count"]
            rows.append(
                (
                    f"results of the national survey ({responses} responses)",
                    results,
                    f"p95 {RESULTS_P95_TARGET_MS:.0f}",
                )
            )
            if results["p95"] > RESULTS_P95_TARGET_MS:
                problems.append(f"the national results took {results['p95']:.0f} ms (p95)")

            survey_id, sent = _send_to_the_nation(
                api, national["template_id"], national["owner"]["id"]
            )
            rows.append((f"send a survey to the nation ({sent['recipients']} people)", sent, "-"))

            tokens = _tokens(engine, survey_id, CONCURRENT)
            if len(tokens) != CONCURRENT:
                raise RuntimeError(f"found {len(tokens)} links in the outbox, not {CONCURRENT}")
            status, form, _ = api.call("GET", f"/api/v1/survey-answers/{tokens[0]}")
            if status != 200:
                raise RuntimeError(f"the answer form: {status} {form}")
            body = {"answers": _answers(form)}
            for label, want in (("first time", 201), ("again, the same links", 200)):
                start = time.perf_counter()
                statuses = _post_all_at_once(server.port, tokens, body)
                elapsed = (time.perf_counter() - start) * 1000
                wrong = sum(status != want for status in statuses)
                stored, answered = _stored(engine, survey_id)
                rows.append(
                    (
                        f"{CONCURRENT} answers at once, {label}: {stored} stored",
                        _summary([elapsed], set(), wrong),
                        f"{CONCURRENT} kept",
                    )
                )
                if stored != CONCURRENT or answered != CONCURRENT:
                    problems.append(
                        f"{CONCURRENT} answers ({label}) left {stored} responses and "
                        f"{answered} recipients answered"
                    )
        engine.dispose()
    except Exception:
        print(log_tail(workdir / "api.log"), file=sys.stderr)
        raise
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    print("Surveys at national size (demo data; keep-alive, platform admin)")
    print(f"  {'request':<55} | runs |  p50 ms |  p95 ms | SQL/req    | target ms | errors")
    failed = bool(problems)
    for label, row, target in rows:
        failed = failed or row["errors"] > 0
        print(
            f"  {label:<55} | {row['runs']:4d} | {row['p50']:7.1f} | {row['p95']:7.1f} | "
            f"{row['sql']:<10} | {target:>9} | {row['errors']:6d}"
        )
    for problem in problems:
        print(f"  MISSED: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
