"""The password rule, after NIST SP 800-63B: at least 12 characters of any kind, Unicode
normalised (NFKC) before it is checked, hashed or compared, not only spaces, and not a common,
breached or easily guessed password. The last is judged by zxcvbn (Dropbox's estimator, with
its lists of leaked passwords, words and names and its patterns: repeats, sequences, keyboard
walks, dates), given the person's own e-mail and name as well. No composition rules: a long
phrase of ordinary words is a good password."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from zxcvbn import zxcvbn

MIN_LENGTH = 12
MAX_LENGTH = 1024
# zxcvbn's scale is 0-4; 3 is "safely unguessable: moderate protection from offline attacks".
MIN_SCORE = 3
# zxcvbn's cost grows fast with length; what it judges is the start, which for a weak
# password is weak already.
JUDGED_LENGTH = 72

RULE = (
    f"At least {MIN_LENGTH} characters (at most {MAX_LENGTH}), not only spaces, and not a "
    "common, breached or easily guessed password (such as `password1234` or `aaaaaaaaaaaa`), "
    "nor one built from your own e-mail or name. A phrase of a few unrelated words is good."
)


def normalise_password(password: str) -> str:
    """The form a password is checked, hashed and compared in: the same text typed on any
    keyboard is the same password."""
    return unicodedata.normalize("NFKC", password)


def password_problem(password: str, user_inputs: Iterable[str] = ()) -> str | None:
    """What is wrong with `password` (already normalised), or None."""
    if len(password) < MIN_LENGTH:
        return f"At least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"At most {MAX_LENGTH} characters."
    if not password.strip():
        return "Must not be only spaces."
    inputs = [part for value in user_inputs for part in re.split(r"[@.\s_-]+", value) if part]
    result = zxcvbn(password[:JUDGED_LENGTH], user_inputs=[*user_inputs, *inputs])
    if result["score"] < MIN_SCORE:
        return (
            "Too easy to guess: a common or breached password, a pattern or repetition, or "
            "your own name or e-mail. Use a phrase of a few unrelated words."
        )
    return None
