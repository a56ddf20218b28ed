"""A survey's state as everyone sees it: an open survey whose deadline has passed is closed,
whether or not anything has written that down yet."""

from __future__ import annotations

from datetime import datetime

from api.models import Survey, SurveyState
from api.models.base import utcnow


def survey_state(survey: Survey, now: datetime | None = None) -> SurveyState:
    if survey.state is SurveyState.open and survey.closes_at <= (now or utcnow()):
        return SurveyState.closed
    return survey.state


def effective_closed(survey: Survey, now: datetime | None = None) -> bool:
    return survey_state(survey, now) is SurveyState.closed


def close_if_due(survey: Survey, now: datetime | None = None) -> bool:
    """Write down a deadline that has passed (the survey closed at its deadline). True when
    this changed the survey."""
    if survey.state is SurveyState.open and survey.closes_at <= (now or utcnow()):
        survey.state = SurveyState.closed
        survey.closed_at = survey.closes_at
        return True
    return False
