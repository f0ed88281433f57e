"""``quiz``: one multiple-choice question, judged against its (verified) key."""

from __future__ import annotations

from typing import Any

from grader.checks.registry import Verdict, judge
from grader.spec.quiz import QuizCheck


@judge("quiz")
def quiz(check: QuizCheck, data: dict[str, Any], call: str) -> Verdict:
    """Right letter or not; the explanation is shown either way."""
    given = data.get("answer")
    right = check.answer
    text = check.options["ABCD".index(right)]
    if given is None:
        return Verdict(False, f"No answer. The answer is {right} ({text}). {check.explanation}")
    if given == right:
        return Verdict(True, f"{given} is right. {check.explanation}")
    return Verdict(False, f"You answered {given}; the answer is {right} ({text}). {check.explanation}")
