"""Verify quiz keys against the installed TensorFlow instead of trusting them."""

from __future__ import annotations

import json
import subprocess
import sys

from grader.spec.models import Exercise
from grader.spec.quiz import ERROR, LETTERS, QuizCheck


def _run(snippets: list[str]) -> list[dict]:
    done = subprocess.run([sys.executable, "-m", "grader.sandbox.snippets"], input=json.dumps(snippets),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"the snippet runner failed: {done.stderr.strip().splitlines()[-1:]}")
    return json.loads(done.stdout)


def _snippets(check: QuizCheck) -> list[str]:
    """What to run for a verifiable question: each option's snippet, or the question's code once."""
    if check.runs is not None:
        return check.runs
    if check.outcomes is None or check.code is None:  # QuizCheck._consistent: outcomes come with code
        raise ValueError(f"{check.id} has neither runs nor outcomes with code: nothing can verify its key")
    return [check.code]


def _agreeing(check: QuizCheck, results: list[dict]) -> list[str]:
    """The letters whose option agrees with what the code really did."""
    if check.runs is not None:
        return [letter for letter, result in zip(LETTERS, results) if result["ok"]]
    if check.outcomes is None:  # only verifiable questions get here: runs or outcomes is set
        raise ValueError(f"{check.id} has neither runs nor outcomes: nothing to agree with")
    (result,) = results
    return [letter for letter, outcome in zip(LETTERS, check.outcomes)
            if (outcome == ERROR and not result["ok"]) or (result["ok"] and outcome == result["stdout"])]


def verify_keys(exercise: Exercise) -> list[tuple[str, bool, str]]:
    """``(question id, key holds, detail)`` for each question whose key code can confirm."""
    questions = [c for c in exercise.checks if isinstance(c, QuizCheck) and c.verifiable]
    batches = [_snippets(c) for c in questions]
    results = _run([code for batch in batches for code in batch])
    findings = []
    for check, batch in zip(questions, batches):
        mine, results = results[: len(batch)], results[len(batch):]
        agreeing = _agreeing(check, mine)
        if agreeing == [check.answer]:
            findings.append((check.id, True, f"key {check.answer} agrees with the code"))
            continue
        seen = "; ".join(f"{letter}: {'ran' if r['ok'] else r['error']}" for letter, r in zip(LETTERS, mine)) \
            if check.runs is not None else (f"printed {mine[0]['stdout']!r}" if mine[0]["ok"] else
                                            f"raised {mine[0]['error']}")
        found = ", ".join(agreeing) or "no option"
        findings.append((check.id, False, f"key {check.answer}, but the code agrees with {found} ({seen})"))
    return findings
