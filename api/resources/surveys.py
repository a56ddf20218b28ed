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

from api.core.extensions import Blueprint, client_address, limiter
from api.schemas.surveys import (
    SurveyAnswerFormSchema,
    SurveyAnswerReceiptSchema,
    SurveyAnswerSubmitSchema,
)
from api.services.surveys import answering
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
