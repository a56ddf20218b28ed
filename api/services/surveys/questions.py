"""The kinds of question and the scales they answer on."""

from __future__ import annotations

from api.models import QuestionKind

# The Likert scale's points, 1 to 5, as a respondent reads them.
LIKERT_LABELS = (
    "Helt uenig",
    "Delvis uenig",
    "Hverken enig eller uenig",
    "Delvis enig",
    "Helt enig",
)
LIKERT_VALUES = range(1, 6)
AGREE = frozenset({4, 5})
DISAGREE = frozenset({1, 2})
NPS_VALUES = range(0, 11)
NPS_PROMOTERS = frozenset({9, 10})
NPS_DETRACTORS = frozenset(range(0, 7))
CHOICE_KINDS = frozenset({QuestionKind.single_choice, QuestionKind.multiple_choice})
# The kinds whose answers have a mean.
MEASURED_KINDS = frozenset({QuestionKind.likert, QuestionKind.nps, QuestionKind.number})
MAX_TEXT_LENGTH = 5000
