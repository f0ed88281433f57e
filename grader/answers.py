"""A learner's quiz answers file: YAML mapping question numbers to letters.

    exercise: prefetch-quiz
    answers:
      1: B
      2: A

Question keys may be ``1`` or ``q1``; letters are A-D in either case. A missing answer
scores 0; an unknown question is an error naming it. A letter that is not an option is kept
as written (upper-cased): it fails only its own question, with a message (see checks.quiz).
"""

from __future__ import annotations

from pathlib import Path

import yaml



class AnswersError(Exception):
    """The answers file cannot be read; the message says what to fix."""


def read_answers(path: Path, numbers: set[int]) -> dict[int, str]:
    """The answers by question number, checked against the quiz's ``numbers``."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        raise AnswersError(f"{path.name}{where}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except UnicodeDecodeError:
        raise AnswersError(f"{path.name} is not a text file; write the answers as YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise AnswersError(f"{path.name} needs a mapping 'answers:' of question numbers to letters, e.g. "
                           "answers: {1: B, 2: A}")
    answers = {}
    for key, letter in data["answers"].items():
        text = str(key).lower().removeprefix("q")
        if not text.isdigit() or int(text) not in numbers:
            raise AnswersError(f"{path.name}: there is no question {key!r}; the questions are "
                               f"{', '.join(str(n) for n in sorted(numbers))}")
        if letter is None or not str(letter).strip():
            continue
        answers[int(text)] = str(letter).strip().upper()
    return answers
