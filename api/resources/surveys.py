"""Surveys over HTTP: questionnaire templates (a unit's or a cluster's own), surveys sent from
them to a cluster, a sub-cluster, a meeting's participants, a region or the nation, answering
through a personal link without signing in, and the results.

Each recipient gets a one-time link by e-mail; reminders go only to those who have not
answered, and the survey closes at its deadline. An anonymous survey's responses name neither
the person nor the time, and results are suppressed below the survey's minimum number of
answers.
"""

from __future__ import annotations

from flask import current_app, request, url_for
from flask.views import MethodView

from api.core.csv_export import CSV, csv_rows_response, wants_csv
from api.core.extensions import Blueprint, client_address, limiter
from api.core.idempotency import idempotent
from api.core.pagination import paginate
from api.core.permissions import Reached
from api.core.security import require_principal
from api.models import Cluster, Survey, SurveyTemplate
from api.schemas.common import page_schema
from api.schemas.surveys import (
    ClusterSurveyWriteSchema,
    SurveyAnswerFormSchema,
    SurveyAnswerReceiptSchema,
    SurveyAnswerSubmitSchema,
    SurveyDetailSchema,
    SurveyListArgsSchema,
    SurveyRemindedSchema,
    SurveyResultsArgsSchema,
    SurveyResultsSchema,
    SurveySchema,
    SurveyTemplateDetailSchema,
    SurveyTemplateListArgsSchema,
    SurveyTemplateSchema,
    SurveyTemplateUpdateSchema,
    SurveyTemplateWriteSchema,
    SurveyUpdateSchema,
    SurveyWriteSchema,
    UnitSurveyTemplateWriteSchema,
)
from api.services.registry.access import cluster_insiders_in_reach
from api.services.surveys import answering, distribution, results, templates
from api.services.surveys.access import survey_in_reach, survey_template_in_reach
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


def _template(template: Reached[SurveyTemplate]):  # type: ignore[no-untyped-def]
    blp.set_etag(templates.version_etag(template.item))
    return templates.detail(require_principal(), template.standing, template.item)


def _template_created(template: SurveyTemplate):  # type: ignore[no-untyped-def]
    location = url_for("surveys.SurveyTemplateById", template_id=template.id)
    found = survey_template_in_reach(require_principal(), template_id=template.id)
    return _template(found), 201, {"Location": location}


@blp.route("/survey-templates")
class SurveyTemplates(MethodView):
    @blp.access("survey_templates.read")
    @blp.arguments(SurveyTemplateListArgsSchema, location="query")
    @blp.response(200, page_schema(SurveyTemplateSchema))
    @blp.doc(operationId="listSurveyTemplates")
    def get(self, args):
        """List questionnaire templates

        The quality units' (KiAP's national ones, the regional units') and your clusters' own,
        by title, then id. Search with `q`; filter by `purpose`, one `cluster_id`'s own, the
        units' or the clusters' (`owner`); retired ones only with `include_retired=true`.
        """
        names = ("q", "purpose", "cluster_id", "owner", "include_retired")
        filters = {name: args.pop(name, None) for name in names}
        stmt = templates.templates_query(require_principal(), filters)
        page = paginate(stmt, args, order=(SurveyTemplate.title, SurveyTemplate.id))
        page["items"] = [templates.shown(template) for template in page["items"]]
        return page

    @blp.access("survey_templates.write")
    @idempotent
    @blp.etag
    @blp.arguments(UnitSurveyTemplateWriteSchema)
    @blp.response(201, SurveyTemplateDetailSchema)
    @blp.doc(operationId="createSurveyTemplate")
    def post(self, data):
        """Create a quality unit's questionnaire template

        Of your unit (`unit_id`, which those who write for one unit may leave out), with its
        questions in order. Everyone signed in reads it and sends surveys from it.
        """
        return _template_created(templates.create_unit_template(require_principal(), data))


@blp.route("/clusters/<uuid:cluster_id>/survey-templates")
class ClusterSurveyTemplates(MethodView):
    @blp.access("survey_templates.write", on=cluster_insiders_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(SurveyTemplateWriteSchema)
    @blp.response(201, SurveyTemplateDetailSchema)
    @blp.doc(operationId="createClusterSurveyTemplate")
    def post(self, data, cluster: Reached[Cluster]):
        """Create a cluster's own questionnaire template

        By its coordinators, co-coordinators and board members. Only the cluster's own people
        find it.
        """
        return _template_created(templates.create_cluster_template(cluster.item, data))


@blp.route("/survey-templates/<uuid:template_id>")
class SurveyTemplateById(MethodView):
    @blp.access("survey_templates.read", on=survey_template_in_reach)
    @blp.etag
    @blp.response(200, SurveyTemplateDetailSchema)
    @blp.doc(operationId="getSurveyTemplate")
    def get(self, template: Reached[SurveyTemplate]):
        """Get a questionnaire template

        With its questions in order. A cluster's own is found only by its own people.
        """
        return _template(template)

    @blp.access("survey_templates.write", on=survey_template_in_reach)
    @blp.etag
    @blp.arguments(SurveyTemplateUpdateSchema)
    @blp.response(200, SurveyTemplateDetailSchema)
    @blp.doc(operationId="updateSurveyTemplate")
    def put(self, data, template: Reached[SurveyTemplate]):
        """Change a questionnaire template

        In whole. Requires `If-Match`. A question sent with its `id` is kept, so that its
        answers stay comparable across surveys; one without is new; one left out is removed.
        Surveys already made keep their own copies of the questions. `retired` withdraws it
        from new surveys.
        """
        blp.check_etag(templates.version_etag(template.item))
        templates.update_template(template.item, data)
        return _template(template)

    @blp.access("survey_templates.write", on=survey_template_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteSurveyTemplate")
    def delete(self, template: Reached[SurveyTemplate]):
        """Delete a questionnaire template

        Requires `If-Match`. One a survey was made from, or a package offers, is retired
        instead (409 `survey_template_in_use`).
        """
        blp.check_etag(templates.version_etag(template.item))
        templates.delete_template(template.item)


# --- surveys -----------------------------------------------------------------------------------


def _survey(survey: Reached[Survey]):  # type: ignore[no-untyped-def]
    blp.set_etag(distribution.version_etag(survey.item))
    return distribution.detail(require_principal(), survey.standing, survey.item)


def _survey_again(survey: Survey):  # type: ignore[no-untyped-def]
    return _survey(survey_in_reach(require_principal(), survey_id=survey.id))


def _survey_created(survey: Survey):  # type: ignore[no-untyped-def]
    location = url_for("surveys.SurveyById", survey_id=survey.id)
    return _survey_again(survey), 201, {"Location": location}


SURVEYS_ORDER = (Survey.closes_at.desc(), Survey.id)


@blp.route("/surveys")
class Surveys(MethodView):
    @blp.access("surveys.read")
    @blp.arguments(SurveyListArgsSchema, location="query")
    @blp.response(200, page_schema(SurveySchema))
    @blp.doc(operationId="listSurveys")
    def get(self, args):
        """List surveys

        Those you read: your clusters', your unit's and those of the clusters and regions it
        follows. By deadline, latest first, then id. Filter by `cluster_id`, `state`,
        `purpose`, `meeting_id`, `template_id` and `unit_id`.
        """
        names = ("cluster_id", "state", "purpose", "meeting_id", "template_id", "unit_id")
        filters = {name: args.pop(name, None) for name in names}
        stmt = distribution.surveys_query(require_principal(), filters)
        page = paginate(stmt, args, order=SURVEYS_ORDER)
        page["items"] = distribution.shown_page(page["items"])
        return page

    @blp.access("surveys.manage")
    @idempotent
    @blp.etag
    @blp.arguments(SurveyWriteSchema)
    @blp.response(201, SurveyDetailSchema)
    @blp.doc(operationId="createSurvey")
    def post(self, data):
        """Make a quality unit's survey

        A draft of your unit (`unit_id`, which those who write for one unit may leave out)
        from a template, whose questions it copies. Its audience: a cluster of your region
        (`cluster_id`), its sub-cluster or meeting, your region (`region_id`), or, for KiAP,
        any region or the whole nation. Send it with `sendSurvey`.
        """
        return _survey_created(distribution.create_unit_survey(require_principal(), data))


@blp.route("/clusters/<uuid:cluster_id>/surveys")
class ClusterSurveys(MethodView):
    @blp.access("surveys.manage", on=cluster_insiders_in_reach)
    @idempotent
    @blp.etag
    @blp.arguments(ClusterSurveyWriteSchema)
    @blp.response(201, SurveyDetailSchema)
    @blp.doc(operationId="createClusterSurvey")
    def post(self, data, cluster: Reached[Cluster]):
        """Make a cluster's own survey

        A draft, by the cluster's coordinators, co-coordinators and board members, from a
        template you read (whose questions it copies), to the cluster, one of its
        sub-clusters or one of its meetings' invited. Send it with `sendSurvey`.
        """
        survey = distribution.create_cluster_survey(require_principal(), cluster.item, data)
        return _survey_created(survey)


@blp.route("/surveys/<uuid:survey_id>")
class SurveyById(MethodView):
    @blp.access("surveys.read", on=survey_in_reach)
    @blp.etag
    @blp.response(200, SurveyDetailSchema)
    @blp.doc(operationId="getSurvey")
    def get(self, survey: Reached[Survey]):
        """Get a survey

        With its questions, how many it went to and how many have answered, and what you may
        do with it. An open survey past its deadline is `closed`.
        """
        return _survey(survey)

    @blp.access("surveys.manage", on=survey_in_reach)
    @blp.etag
    @blp.arguments(SurveyUpdateSchema)
    @blp.response(200, SurveyDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="updateSurvey")
    def put(self, data, survey: Reached[Survey]):
        """Change a survey

        Requires `If-Match`. A draft changes in all it says (a field left out keeps its
        value; another `template_id` copies that template's questions). An open survey only
        moves its deadline (to a time in the future) and its minimum of answers; anything
        else, and any change of a closed survey, is refused (409 `survey_not_draft`).
        """
        blp.check_etag(distribution.version_etag(survey.item))
        distribution.update_survey(require_principal(), survey.item, data)
        return _survey_again(survey.item)

    @blp.access("surveys.manage", on=survey_in_reach)
    @blp.etag
    @blp.response(204)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="deleteSurvey")
    def delete(self, survey: Reached[Survey]):
        """Delete a draft survey

        Requires `If-Match`. A sent survey is closed instead (409 `survey_not_draft`).
        """
        blp.check_etag(distribution.version_etag(survey.item))
        distribution.delete_survey(survey.item)


@blp.route("/surveys/<uuid:survey_id>/send")
class SurveySend(MethodView):
    @blp.access("surveys.manage", on=survey_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, SurveyDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(412, response="PRECONDITION_FAILED")
    @blp.alt_response(428, response="PRECONDITION_REQUIRED")
    @blp.doc(operationId="sendSurvey", parameters=["IF_MATCH"])
    def post(self, survey: Reached[Survey]):
        """Send a draft survey

        An action (200). Requires `If-Match`. Its audience is found now: the active people
        working at a clinic of the cluster (of the sub-cluster, of the region's clusters, of
        every cluster), or those invited to the meeting; each once. Each gets an e-mail with a
        personal link to answer without signing in. Refused for a survey sent already (409
        `survey_not_draft`), past its deadline (409 `survey_deadline_passed`) or with no one
        to send to (409 `survey_no_recipients`).
        """
        blp.check_etag_of_action(distribution.version_etag(survey.item))
        distribution.send(survey.item)
        return _survey_again(survey.item)


@blp.route("/surveys/<uuid:survey_id>/remind")
class SurveyRemind(MethodView):
    @blp.access("surveys.manage", on=survey_in_reach)
    @idempotent
    @blp.response(200, SurveyRemindedSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.doc(operationId="remindSurvey")
    def post(self, survey: Reached[Survey]):
        """Remind those who have not answered

        An e-mail with the same personal link to each recipient who has not answered (those
        who have are never written to again). Only while open (409 `survey_not_open`, also
        once the deadline has passed).
        """
        return {"reminded": distribution.remind(survey.item)}


@blp.route("/surveys/<uuid:survey_id>/close")
class SurveyClose(MethodView):
    @blp.access("surveys.manage", on=survey_in_reach)
    @idempotent
    @blp.etag
    @blp.response(200, SurveyDetailSchema)
    @blp.alt_response(409, response="CONFLICT")
    @blp.alt_response(412, response="PRECONDITION_FAILED")
    @blp.alt_response(428, response="PRECONDITION_REQUIRED")
    @blp.doc(operationId="closeSurvey", parameters=["IF_MATCH"])
    def post(self, survey: Reached[Survey]):
        """Close an open survey now

        An action (200). Requires `If-Match`. No one answers any more; the results are the
        cluster's to read. Only an open survey (409 `survey_not_open`).
        """
        blp.check_etag_of_action(distribution.version_etag(survey.item))
        distribution.close(survey.item)
        return _survey_again(survey.item)


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
