"""Surveys over HTTP: questionnaire templates (a unit's or a cluster's own), surveys sent from
them to a cluster, a sub-cluster, a meeting's participants, a region or the nation, answering
through a personal link without signing in, and the results.

Each recipient gets a one-time link by e-mail; reminders go only to those who have not
answered, and the survey closes at its deadline. An anonymous survey's responses name neither
the person nor the time, and results are suppressed below the survey's minimum number of
answers.
"""

from __future__ import annotations

from flask import current_app, request
from flask.views import MethodView

from api.core.csv_export import CSV, csv_rows_response, wants_csv
from api.core.extensions import Blueprint, client_address, limiter
from api.core.permissions import Reached
from api.core.security import require_principal
from api.models import Survey
from api.schemas.surveys import (
    SurveyAnswerFormSchema,
    SurveyAnswerReceiptSchema,
    SurveyAnswerSubmitSchema,
    SurveyResultsArgsSchema,
    SurveyResultsSchema,
)
from api.services.surveys import answering, results
from api.services.surveys.access import survey_in_reach
from api.services.surveys.links import token_hash

URL_PREFIX = ""
blp = Blueprint(
    "surveys",
    __name__,
    description=(
        "Questionnaires: templates, surveys sent with personal one-time links, answering "
        "without signing in, and results that keep small groups anonymous."
    ),
)


# --- templates ---------------------------------------------------------------------------------


# --- surveys -----------------------------------------------------------------------------------


# --- answering ---------------------------------------------------------------------------------


def _answer_link_key() -> str:
    # Counted by the token's hash: the rate limiter's storage never holds a usable link.
    token = (request.view_args or {}).get("token", "")
    return "survey-answer:" + token_hash(token)


# The answers to a link are personal: no cache keeps them (the browser's back button either).
NOT_STORED = {"Cache-Control": "no-store"}


@blp.route("/survey-answers/<token>")
class SurveyAnswers(MethodView):
    decorators = [
        limiter.limit(
            lambda: current_app.config["SURVEY_ANSWER_RATE_LIMIT_ADDRESS"],
            key_func=lambda: "survey-answer-address:" + client_address(),
        ),
        limiter.limit(
            lambda: current_app.config["SURVEY_ANSWER_RATE_LIMIT"], key_func=_answer_link_key
        ),
    ]

    @blp.public()
    @blp.response(200, SurveyAnswerFormSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(operationId="getSurveyAnswerForm")
    def get(self, token: str):
        """Open a survey from its personal link

        The web app's answer page (`/svar/{token}`) with the link from the e-mail: no bearer
        token, the link is the credential. The survey's questions and whether this link may
        still answer (`state`). An unknown link is not found (404). Rate-limited per link and
        per client address (429 with `Retry-After`).
        """
        form = answering.answer_form(token)
        return (
            {
                "state": form.state,
                "survey": {
                    **{
                        name: getattr(form.survey, name)
                        for name in ("title", "intro", "purpose", "anonymous", "closes_at")
                    },
                    "cluster_name": form.cluster_name,
                    "owner_name": form.owner_name,
                    "questions": form.survey.questions,
                },
            },
            200,
            NOT_STORED,
        )

    @blp.public()
    @blp.arguments(SurveyAnswerSubmitSchema)
    @blp.response(201, SurveyAnswerReceiptSchema, description="The answers are recorded.")
    @blp.alt_response(
        200,
        schema=SurveyAnswerReceiptSchema,
        description="The link had answered already: nothing was written.",
    )
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    @blp.doc(operationId="submitSurveyAnswer")
    def post(self, args: dict, token: str):
        """Answer a survey through its personal link

        No bearer token: the link is the credential, and answers once. 201 when the answers
        are recorded; 200 when this link had answered already, and nothing is written (sending
        twice records once). 409 `survey_closed` after the deadline or once the survey was
        closed. 422 names every answer that does not fit its question (an unknown or repeated
        question, a value out of range or in the field of another kind, a required question
        unanswered), each message with the `question_id` it is about; nothing is written
        then either.

        In an anonymous survey the answers are kept without the person and without the time:
        the link is only marked as answered. Rate-limited per link and per client address
        (429 with `Retry-After`).
        """
        recorded = answering.submit(token, args["answers"])
        return {"state": answering.FormState.answered}, 201 if recorded else 200, NOT_STORED


# --- results -----------------------------------------------------------------------------------

RESULTS_CSV = {
    "schema": {"type": "string"},
    "example": "question_position,question,kind,value,label,count,share\n"
    "0,Mødet var relevant for mig,likert,1,Helt uenig,0,0.0\n",
}
RESULTS_DOC = {
    "responses": {
        "200": {
            "description": "The results as JSON, or with `Accept: text/csv` as CSV (the rows "
            "of `exportSurveyResults`).",
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/SurveyResults"}},
                CSV: RESULTS_CSV,
            },
        }
    }
}
RESULTS_CSV_DOC = {
    "responses": {
        "200": {
            "description": "The results as CSV (UTF-8, a header row; `Content-Disposition: "
            "attachment`).",
            "content": {CSV: RESULTS_CSV},
        }
    }
}


def _results_csv(report: dict):  # type: ignore[no-untyped-def]
    rows = list(results.csv_rows(report))
    return csv_rows_response(results.CSV_COLUMNS, rows, "survey-results.csv")


@blp.route("/surveys/<uuid:survey_id>/results")
class SurveyResults(MethodView):
    @blp.access("surveys.results", on=survey_in_reach)
    @blp.arguments(SurveyResultsArgsSchema, location="query")
    @blp.response(200, SurveyResultsSchema)
    @blp.doc(operationId="getSurveyResults", **RESULTS_DOC)
    def get(self, args, survey: Reached[Survey]):
        """Get a survey's results

        How many it was sent to and how many answered; per question every point of its scale
        (every option) with how many chose it and their share, the mean, the share who agree
        (Likert: «Delvis enig» or «Helt enig») and the NPS score; the free texts in
        alphabetical order. Beside them the nation's results of the same template, and the
        cluster's surveys of the template as a trend. Never one person's answers.

        Below the survey's `min_responses` the results are suppressed: only the counts. The
        owners read the results at any time, the people of the survey's cluster once it has
        closed, the quality unit of its region without the free texts (a regional unit
        reading a national survey: its region's responses). `cluster_id` or `region_id`
        narrows a survey sent to a region or the nation (422 for a survey of one cluster:
        `survey_not_narrowed`; outside the survey: `not_in_survey`; outside your region:
        `outside_reach`). With `Accept: text/csv`, the rows of `exportSurveyResults`.
        """
        report = results.survey_results(require_principal(), survey, **args)
        if wants_csv():
            return _results_csv(report)
        return report


@blp.route("/surveys/<uuid:survey_id>/results.csv")
class SurveyResultsCsv(MethodView):
    @blp.access("surveys.results", on=survey_in_reach)
    @blp.arguments(SurveyResultsArgsSchema, location="query")
    @blp.response(200)
    @blp.doc(operationId="exportSurveyResults", **RESULTS_CSV_DOC)
    def get(self, args, survey: Reached[Survey]):
        """Export a survey's results as CSV

        The same results, the same rules (suppression, no free texts for a unit that only
        follows the survey, the same narrowing) as rows with the columns `question_position`,
        `question`, `kind`, `value`, `label`, `count` and `share`: a row per question and point
        of its scale (or option, or number given), the Likert points with their Danish labels;
        a free text as a row of its own (`kind` `free_text`, the text as `label`, `count` 1).
        A question with no such rows (suppressed, say) has one row with how many answered it.
        A link to download: a browser's `Accept` does not matter here.
        """
        return _results_csv(results.survey_results(require_principal(), survey, **args))
