"""``quiz``: one multiple-choice question, judged against its (verified) key.

A right answer is confirmed with its explanation. A wrong or missing one is marked wrong; its
key, explanation and common mistakes are shown only when ``data["reveal"]`` says so (the
exercise's ``reveal`` setting), so that a report cannot be mined for the answers. A letter
that is not an option fails only its own question.
"""

from __future__ import annotations

from typing import Any

from grader.checks.registry import Verdict, judge
from grader.spec.quiz import LETTERS, QuizCheck


def _key(check: QuizCheck) -> str:
    mistakes = f" Common mistakes: {'; '.join(check.mistakes)}." if check.mistakes else ""
    return f"The answer is {check.answer} ({check.option(check.answer)}). {check.explanation}{mistakes}"


@judge("quiz")
def quiz(check: QuizCheck, data: dict[str, Any], call: str) -> Verdict:
    """Right letter or not; the key only where the exercise reveals it."""
    given = data.get("answer")
    reveal = bool(data.get("reveal"))
    if given is not None and given == check.answer:
        return Verdict(True, f"{given} is right. {check.explanation}")
    if given is None:
        said = "No answer: this question scores 0."
    elif given not in LETTERS:
        said = f"{given!r} is not one of {', '.join(LETTERS)}: this question scores 0. Answer with one letter."
    else:
        said = f"You answered {given} ({check.option(given)}): that is not right."
    return Verdict(False, f"{said} {_key(check)}" if reveal else
                   f"{said} The key is not shown for this quiz; re-read the lesson and try again.")
