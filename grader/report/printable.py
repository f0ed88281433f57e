"""Learner text made safe to display: no terminal control sequences, no control characters.

What a submission prints, its exception text and the element values quoted in messages reach a
terminal, a CI log, a Markdown summary or a notebook. An escape sequence there can clear the
screen and draw a fake "PASSED 10/10", a carriage return can overwrite a line, a bidi override
can reorder it. Every formatter but the JSON report (which escapes them, and is the record) shows
the report through ``printable_report``.
"""

from __future__ import annotations

import re
from typing import Any

from grader.report.model import Report

_SEQUENCES = re.compile(r"""
      \x1b\[[0-?]*[ -/]*[@-~]              # CSI: colours, cursor moves, erase screen
    | \x9b[0-?]*[ -/]*[@-~]                # the same, as one 8-bit character
    | \x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?   # OSC: window title, hyperlink (ends at BEL or ST)
    | \x1b[PX^_][^\x1b]*(?:\x1b\\)?        # DCS, SOS, PM, APC strings
    | \x1b[ -/]*[0-~]                      # any other escape (charset, save cursor, reset)
""", re.VERBOSE)
# C0 but tab and newline, DEL, C1, the bidirectional overrides and isolates, and U+FFFE and U+FFFF
# (not characters: no XML file may hold them, so a JUnit report with one would not parse).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


_SURROGATES = re.compile("[\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written out: a byte of a file name that is not UTF-8
    (``os.fsdecode`` keeps it as U+DC80..U+DCFF) as ``\\xNN``, any other as ``\\uNNNN``. No file, terminal
    or JSON encoder takes a lone surrogate."""
    return _SURROGATES.sub(_escaped, text)


def printable(text: str) -> str:
    """``text`` without control sequences and control characters, tabs and newlines kept; a
    carriage return that would overwrite its line starts a new one instead (nothing is hidden)."""
    text = without_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))


def _clean(value: Any, clean: Any = printable) -> Any:
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, list):
        return [_clean(v, clean) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v, clean) for k, v in value.items()}
    return value


def encodable_report(report: Report) -> Report:
    """The report with every lone surrogate written out (``without_surrogates``), other text as it is:
    what the JSON report, which must be UTF-8, holds."""
    return Report.model_validate(_clean(report.model_dump(), without_surrogates))


def printable_report(report: Report) -> Report:
    """The report with every string in it printable (not only the fields known to carry learner
    text today: a file name, an output, a message quoting an element value)."""
    return Report.model_validate(_clean(report.model_dump()))
