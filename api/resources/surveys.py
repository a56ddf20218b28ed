"""Surveys over HTTP: questionnaire templates (a unit's or a cluster's own), surveys sent from
them to a cluster, a sub-cluster, a meeting's participants, a region or the nation, answering
through a personal link without signing in, and the results.

Each recipient gets a one-time link by e-mail; reminders go only to those who have not
answered, and the survey closes at its deadline. An anonymous survey's responses name neither
the person nor the time, and results are suppressed below the survey's minimum number of
answers.
"""

from __future__ import annotations

from api.core.extensions import Blueprint

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


# --- results -----------------------------------------------------------------------------------
