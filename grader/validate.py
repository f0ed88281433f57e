"""``grader validate``: an instructor's check that every exercise grades what it claims.

For each exercise: the spec loads; the reference solution (``solutions/ID.py``, or
``ID.yaml`` for a quiz) scores full marks; the starter scores 0 (a check that passes on the
untouched starter is a finding); every quiz key that code can confirm agrees with the
installed TensorFlow; and every mutant (``solutions/mutants/ID/*``, a known-wrong submission
whose first line says ``# must-fail: CHECK[, CHECK]``) fails each check it names. A mutant
with a line ``# central-mistake: WHAT`` (one of the lesson's central mistakes) must also lose
at least half of the exercise's points. Gradings run in parallel, each in its own child process.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from grader import catalog
from grader.errors import GraderError, SpecError
from grader.report.model import Report
from grader.spec import Exercise

_MUST_FAIL = re.compile(r"^#\s*must-fail:\s*(.+)$")
_CENTRAL = re.compile(r"^#\s*central-mistake:\s*(.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    """One thing validated: which exercise, what, and whether it held."""

    exercise: str
    subject: str
    ok: bool
    detail: str


def _must_fail(path: Path) -> list[str]:
    first = path.read_text(encoding="utf-8").splitlines()[:1]
    match = _MUST_FAIL.match(first[0]) if first else None
    return [name.strip() for name in match.group(1).split(",")] if match else []


Grade = Callable[[str, Path], "Report"]
Job = Callable[[Grade], "Finding | list[Finding]"]


def _solution(grade: Grade, exercise: Exercise, path: Path) -> Finding:
    if not path.is_file():
        return Finding(exercise.id, "solution", False, f"no reference solution at {path}")
    report = grade(exercise.id, path)
    failed = [f"{c.id}: {c.message}" for c in report.checks if not c.passed]
    if report.error is not None:  # set exactly when status is "error" (the report schema)
        return Finding(exercise.id, "solution", False, f"does not run: {report.error.message}")
    ok = report.score == report.max_score and not failed
    return Finding(exercise.id, "solution", ok, f"scores {report.score:g}/{report.max_score:g}"
                   + ("" if ok else "; failing: " + " | ".join(failed)))


def _starter(grade: Grade, exercise: Exercise) -> Finding:
    """The untouched starter must score 0: a check it passes cannot tell the task done from not begun."""
    report = grade(exercise.id, Path(exercise.folder) / exercise.starter)
    passing = [c.id for c in report.checks if c.passed]
    detail = f"scores {report.score:g}/{report.max_score:g}"
    if report.error is not None:
        detail += f" (it does not run yet: {report.error.kind})"
    if passing:
        detail += f"; it passes {', '.join(passing)}, which must fail on the untouched starter"
    return Finding(exercise.id, "starter", not passing and report.score == 0 and not report.passed, detail)


def _mutant(grade: Grade, exercise: Exercise, path: Path) -> Finding:
    subject = f"mutant {path.name}"
    named = _must_fail(path)
    known = {c.id for c in exercise.checks}
    if not named or set(named) - known:
        return Finding(exercise.id, subject, False, f"first line must be '# must-fail: CHECK[, CHECK]' naming "
                                                    f"checks of the exercise ({', '.join(sorted(known))})")
    report = grade(exercise.id, path)
    results = {c.id: c for c in report.checks}
    survived = [name for name in named if report.status == "graded" and results[name].passed]
    if report.error is not None:
        return Finding(exercise.id, subject, False, f"does not run ({report.error.kind}), so it shows nothing "
                                                    f"about {', '.join(named)}: {report.error.message}")
    central = _CENTRAL.search(path.read_text(encoding="utf-8"))
    if central and not survived and report.score > report.max_score / 2:
        return Finding(exercise.id, subject, False, f"a central mistake of the lesson ({central.group(1).strip()}) "
                                                    f"scores {report.score:g}/{report.max_score:g}: it must lose at "
                                                    "least half the points")
    lost = f"; scores {report.score:g}/{report.max_score:g}" if central else ""
    return Finding(exercise.id, subject, not survived,
                   f"caught by {', '.join(named)}{lost}" if not survived else f"passes {', '.join(survived)}, "
                                                                               "which must fail on it")


def _solution_file(solutions: Path, exercise_id: str) -> Path:
    """``solutions/ID.py``, or ``ID.yaml`` for a quiz's answers."""
    found = sorted(p for p in solutions.glob(f"{exercise_id}.*") if p.suffix in (".py", ".yaml", ".yml"))
    return found[0] if found else solutions / f"{exercise_id}.py"


def _prompt(exercise: Exercise) -> Finding:
    """prompt.md leaves "How it is graded" to the spec: grader show generates it (grader.prompt)."""
    from grader.prompt import HEADING, handwritten_section, prompt_text

    if handwritten_section(prompt_text(exercise)):
        return Finding(exercise.id, "prompt", False, f"{exercise.prompt} has its own '{HEADING}' section, which "
                       "drifts from exercise.yaml: delete it; grader show generates it from the checks")
    return Finding(exercise.id, "prompt", True, f"no hand-written '{HEADING}' section")


def _quiz_keys(grade: Grade, exercise: Exercise) -> list[Finding]:
    from grader.quizkeys import verify_keys

    return [Finding(exercise.id, f"key {qid}", ok, detail) for qid, ok, detail in verify_keys(exercise)]


def validate(exercise_ids: list[str] | None = None, workers: int | None = None) -> list[Finding]:
    """Validate the named exercises (default: all); returns every finding, good and bad."""
    ids = exercise_ids or catalog.exercise_ids()
    findings: list[Finding] = []
    jobs: list[tuple[Exercise, Job]] = []
    solutions = catalog.solutions_root()
    for exercise_id in ids:
        try:
            exercise = catalog.load_exercise(exercise_id)
        except SpecError as error:
            findings.append(Finding(exercise_id, "spec", False, str(error)))
            continue
        findings.append(Finding(exercise_id, "spec", True, "loads"))
        findings.append(_prompt(exercise))
        jobs.append((exercise, partial(_solution, exercise=exercise, path=_solution_file(solutions, exercise_id))))
        if exercise.kind == "quiz":
            jobs.append((exercise, partial(_quiz_keys, exercise=exercise)))
        jobs.append((exercise, partial(_starter, exercise=exercise)))
        mutants = sorted(p for p in (solutions / "mutants" / exercise_id).glob("*") if p.is_file())
        jobs += [(exercise, partial(_mutant, exercise=exercise, path=path)) for path in mutants]
    from grader.api import submit
    from grader.sandbox.runner import warm_workers

    with warm_workers() as zygote, ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        def grade(exercise_id: str, path: Path) -> Report:
            return submit(path, exercise_id, device="cpu", zygote=zygote)

        futures = [(exercise, pool.submit(job, grade)) for exercise, job in jobs]
        for exercise, future in futures:
            try:
                result = future.result()
                findings.extend(result if isinstance(result, list) else [result])
            except GraderError as error:  # a spec error every grading of the exercise meets: say it once
                finding = Finding(exercise.id, "spec", False, str(error))
                findings.extend([] if finding in findings else [finding])
    return findings
