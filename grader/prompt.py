"""The "How it is graded" part of a prompt, generated from the spec (exercise.yaml is its one source).

prompt.md holds the task; the checks, their titles and their points come from the spec here, so the two
cannot drift. ``grader show ID`` prints the prompt followed by :func:`grading_section`.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.spec.models import Exercise

#: The heading of the generated section; a prompt.md must not write its own.
HEADING = "How it is graded"

#: What learners see instead of the title of a check they may not see yet (hidden or shown after the due date).
UNSEEN = "(hidden check)"


_HANDWRITTEN = re.compile(rf"^#+\s*{HEADING}\b", re.IGNORECASE | re.MULTILINE)


def handwritten_section(text: str) -> bool:
    """Whether a prompt.md writes its own "How it is graded" heading (it would drift from the spec)."""
    return _HANDWRITTEN.search(text) is not None


def _points(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")


def check_line(check) -> str:
    """One check as a markdown list item: its id (as reports name it), its title (or "(hidden check)")
    and its points."""
    title = UNSEEN if check.visibility != "visible" else (check.title or check.id)
    return f"- `{check.id}`: {title} ({_points(check.points)})"


def grading_section(exercise: Exercise) -> str:
    """The markdown "How it is graded" section: one line per check, then what passing takes."""
    lines = [f"## {HEADING} ({_points(exercise.max_score)})", ""]
    lines += [check_line(check) for check in exercise.checks]
    if exercise.pass_threshold is not None:
        lines += ["", f"You pass with {_points(exercise.pass_threshold)} or more."]
    return "\n".join(lines) + "\n"


def prompt_text(exercise: Exercise) -> str:
    """The prompt as written in prompt.md, without any grading section of its own."""
    return (Path(exercise.folder) / exercise.prompt).read_text(encoding="utf-8")


def full_prompt(exercise: Exercise) -> str:
    """The prompt followed by the generated grading section (markdown)."""
    return prompt_text(exercise).rstrip("\n") + "\n\n" + grading_section(exercise)
