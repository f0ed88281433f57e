"""A learner's quiz answers file: YAML mapping question numbers to letters.

    exercise: prefetch-quiz
    answers:
      1: B
      2: A

Question keys may be ``1`` or ``q1`` (ASCII digits only: ``"²"`` or ``"١"`` pass ``str.isdigit`` but
are not question numbers); letters are A-D in either case. A missing answer scores 0; an unknown
question is an error naming it. A letter that is not an option is kept as written (upper-cased):
it fails only its own question, with a message (see checks.quiz).

The file is read in the grader's own process (a quiz runs no code, so nothing confines it):
it is capped at ``MAX_BYTES``, YAML anchors and aliases are refused (a few lines of aliases
expand to billions of items), and an answer must be a scalar. Whatever is wrong with the file
is an ``AnswersError`` with a message (the learner's report), never an exception of yaml's or
Python's own: a value yaml cannot construct (``2020-13-45``, ``!!int abc``, an integer of more
than 4300 digits) is reported with its line.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

MAX_BYTES = 64 * 1024
_SCALARS = (str, int, float, bool, datetime.date)


class AnswersError(Exception):
    """The answers file cannot be read; the message says what to fix."""


class _Loader(yaml.SafeLoader):
    """yaml's safe loader without anchors and aliases: what they share, str() would expand."""

    def compose_node(self, parent, index):  # noqa: ANN001 - yaml's own signature
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.YAMLError(f"line {event.start_mark.line + 1}: YAML anchors and aliases (&, *) are not "
                                 "accepted in an answers file; write each answer out")
        return super().compose_node(parent, index)

    def construct_object(self, node, deep=False):  # noqa: ANN001 - yaml's own signature
        """yaml's constructors raise ValueError, KeyError, ... on a scalar they cannot convert
        (``2020-13-45``, ``!!int abc``, ``!!bool x``, 5000 digits): a YAML error at its line instead."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
            kind = str(node.tag).rsplit(":", 1)[-1]
            shown = _shown(node.value) if isinstance(node.value, str) else f"this {node.id}"
            why = f": {str(exc).split(';')[0]}" if type(exc) is ValueError else ""  # the others say yaml's internals
            raise yaml.constructor.ConstructorError(None, None, f"{shown} is not a valid {kind}{why}",
                                                    node.start_mark) from None


def _shown(value: object, limit: int = 40) -> str:
    """``repr(value)``, cut to about ``limit`` characters: a message names a key, it does not echo a file."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit - 4]}...{text[-1]}"


def _question(key: object) -> int | None:
    """The question number a key names (``1``, ``"1"``, ``"q1"``, ``"Q01"``), or None. Only ASCII digits:
    ``str.isdigit`` is also true of ``"²"`` and ``"①"``, on which ``int`` raises."""
    if not isinstance(key, _SCALARS) or isinstance(key, bool):
        return None
    text = str(key).lower().removeprefix("q")
    if not (text.isascii() and text.isdigit()):
        return None
    try:
        return int(text)
    except ValueError:  # more digits than int() converts (sys.get_int_max_str_digits)
        return None


def _load(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise AnswersError(f"{path.name} cannot be read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise AnswersError(f"{path.name} is larger than {MAX_BYTES // 1024} KiB; an answers file is a few lines "
                           "(answers: {1: B, 2: A})")
    try:
        return yaml.load(raw.decode("utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    except UnicodeDecodeError:
        raise AnswersError(f"{path.name} is not a text file; write the answers as YAML") from None
    except RecursionError:
        raise AnswersError(f"{path.name}: not valid YAML (nested too deeply)") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f", line {mark.line + 1}" if mark else ""
        raise AnswersError(f"{path.name}{where}: not valid YAML ({exc.problem})") from None
    except yaml.YAMLError as exc:
        raise AnswersError(f"{path.name}: {exc}") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError) as exc:
        # a constructor's failure outside construct_object (none is known): still the learner's error
        raise AnswersError(f"{path.name}: not valid YAML ({type(exc).__name__}: {exc})") from None


def read_answers(path: Path, numbers: set[int]) -> dict[int, str]:
    """The answers by question number, checked against the quiz's ``numbers``."""
    data = _load(path)
    if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
        raise AnswersError(f"{path.name} needs a mapping 'answers:' of question numbers to letters, e.g. "
                           "answers: {1: B, 2: A}")
    answers = {}
    for key, letter in data["answers"].items():
        number = _question(key)
        if number is None or number not in numbers:
            raise AnswersError(f"{path.name}: there is no question {_shown(key)}; the questions are "
                               f"{', '.join(str(n) for n in sorted(numbers))}")
        if letter is not None and not isinstance(letter, _SCALARS):
            raise AnswersError(f"{path.name}: the answer to question {number} is a {type(letter).__name__}; "
                               "write one letter, e.g. B")
        if letter is None or not str(letter).strip():
            continue
        answers[number] = str(letter).strip().upper()
    return answers
