"""What the CLI and the tests call: list, show, start, submit."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

from grader import catalog
from grader.feedback import explain
from grader.errors import DeviceUnavailable, SpecError, UsageError
from grader.report.model import CheckResult, ErrorKind, Isolation, Output, Report, ReportError
from grader.sandbox import requirements
from grader.spec import Exercise
from grader.spec.base import CheckBase
from grader.spec.checks import EquivalenceCheck, PropertyCheck
from grader.spec.quiz import QuizCheck

if TYPE_CHECKING:
    from grader.evaluate.messages import Result

DEVICES = ("auto", "cpu", "gpu")
REFERENCE_MAX_BYTES = 4 << 20


def list_exercises() -> list[Exercise]:
    """Every exercise of the catalog, by id."""
    return [catalog.load_exercise(i) for i in catalog.exercise_ids()]


def start(exercise_id: str, directory: Path, force: bool = False, notebook: bool = False) -> Path:
    """Copy the exercise's starter into ``directory``, tagged with its id; returns the new file.
    With ``notebook``, write it as ``exercise.ipynb``: prompt, starter code, a grading cell."""
    exercise = catalog.load_exercise(exercise_id)
    source = Path(exercise.folder) / exercise.starter
    if notebook and source.suffix != ".py":
        raise UsageError(f"{exercise_id} is a quiz: its answers file has no notebook form; drop --notebook")
    target = directory / ("exercise.ipynb" if notebook else "exercise.py" if source.suffix == ".py" else source.name)
    if target.exists() and not force:
        raise UsageError(f"{target} already exists; pass --force to overwrite it")
    text = source.read_text(encoding="utf-8")
    if catalog.read_tag(source) != exercise_id:
        text = f"# exercise: {exercise_id}\n{text}"
    directory.mkdir(parents=True, exist_ok=True)
    if notebook:
        from grader import notebook as notebooks

        notebooks.write_starter(exercise, text, target)
    else:
        target.write_text(text, encoding="utf-8")
    return target


def refusal(submission: Path, within: Path | None = None) -> str | None:
    """Why the grader will not open ``submission``, or None. A symbolic link is refused: it can
    name the instructor's solution, a classmate's file or any file the grader's user can read, and
    the grader reads a submission before confining anything. With ``within`` (a learner's folder),
    so is a file that resolves outside it (through a linked folder)."""
    if submission.is_symlink():
        return (f"{submission.name} is a symbolic link, and the grader does not follow links (it could name "
                "someone else's file): submit the file itself")
    if within is not None and not submission.resolve().is_relative_to(within):
        return f"{submission.name} lies outside the learner's folder (through a linked folder); it was not read"
    return None


def refused(submission: Path, exercise: Exercise, why: str) -> Report:
    """The error report of a submission the grader would not open (``refusal``): nothing was read."""
    return _error_report(exercise, submission, "none", 0.0, "tampering", why, Output(), NO_CODE)


def nothing_to_grade(folder: Path, exercise: Exercise, why: str) -> Report:
    """The error report of a learner's folder holding no file, or several, to grade (nothing read)."""
    return _error_report(exercise, folder, "none", 0.0, "missing-entry-point", why, Output(), NO_CODE)


def resolve_exercise(submission: Path, exercise_id: str | None) -> Exercise:
    """What ``grader submit FILE [--exercise ID]`` grades: the exercise named by ``--exercise``, else
    by the file's ``# exercise: ID`` tag. When both are there they must agree (a usage error
    otherwise): CI passes the assignment's exercise, and a learner's tag must neither choose another
    one nor be silently overruled."""
    exercise = _exercise_for(submission, exercise_id)
    tag = None if exercise_id is None or submission.is_symlink() else catalog.read_tag(submission)
    if tag is not None and tag != exercise.id:
        raise UsageError(f"{submission} is tagged for {tag} but --exercise is {exercise.id}: fix or remove its "
                         f"'exercise:' line, or submit the file written for {exercise.id}")
    return exercise


def _exercise_for(submission: Path, exercise_id: str | None) -> Exercise:
    """The exercise named by ``exercise_id``, else by the file's tag (never read through a symbolic
    link: ``refusal``)."""
    if exercise_id is None and submission.is_symlink():
        raise UsageError(str(refusal(submission)))
    if exercise_id is not None and submission.is_symlink():
        return catalog.load_exercise(exercise_id)
    if not submission.is_file():
        raise UsageError(f"no such file: {submission}")
    chosen = exercise_id or catalog.read_tag(submission)
    if chosen is None:
        raise UsageError(f"{submission} has no '# exercise: ID' line in its first {catalog.TAG_LINES} lines; "
                         "pass --exercise ID (see grader list)")
    return catalog.load_exercise(chosen)


def _plan(exercise: Exercise) -> dict[str, Any]:
    entry_point, example = exercise.entry_point, exercise.example
    if entry_point is None or example is None:  # Exercise._consistent: every exercise but a quiz has both
        raise ValueError(f"{exercise.id} is a quiz: it has no code to run")
    return {"entry_point": entry_point.model_dump(), "example": example.model_dump(),
            "memory_mb": exercise.limits.memory_mb, "held_out": exercise.held_out,
            "probes": [check.probe(check.call or example) for check in exercise.checks]}  # as call_for


def _error_report(exercise: Exercise, submission: Path, device: str, duration: float, kind: ErrorKind,
                  message: str, output: Output, isolation: Isolation) -> Report:
    checks = [CheckResult(id=c.id, kind=c.kind, title=c.title or c.id, passed=False, score=0.0,
                          max_score=c.points, message="not graded: the submission did not run", hint=None,
                          visibility=c.visibility)
              for c in exercise.checks]
    return Report(exercise=exercise.id, submission=submission.name, status="error", passed=False, score=0.0,
                  max_score=exercise.max_score, device=device, duration_s=round(duration, 2),
                  isolation=isolation, checks=checks, error=ReportError(kind=kind, message=message),
                  output=output)


def _plain_words(text: str) -> str:
    return " ".join(text.lower().split()).strip(" .")


def _new_hint(hint: str | None, message: str) -> str | None:
    """The hint without the sentences the message already says (each thing is said once); None if
    nothing is left."""
    if not hint:
        return hint
    said = _plain_words(message)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", hint.strip()) if s]
    fresh = [s for s in sentences if _plain_words(s) not in said]
    return " ".join(fresh) if fresh else None


def _call_text(exercise: Exercise, check: CheckBase) -> str:
    """The call a check probes, as the learner would write it; empty in a quiz (no entry point, no call)."""
    call, entry_point = exercise.call_for(check), exercise.entry_point
    if call is None or entry_point is None:
        return ""
    return call.render(entry_point.name, entry_point.params)


def _judge(exercise: Exercise, probes: list[dict[str, Any]]) -> list[CheckResult]:
    from grader.checks import JUDGES, Verdict, render

    results = []
    for check, data in zip(exercise.checks, probes, strict=True):
        call = _call_text(exercise, check)
        if "error" in data and data["error"]["kind"] == "view":
            if not isinstance(check, (EquivalenceCheck, PropertyCheck)):  # the kinds that have a view
                raise TypeError(f"a view error for a {check.kind} check, which has no view")
            verdict = Verdict(False, f"{call} yields elements of type {render.spec(data['error']['spec'])}, "
                                     f"which this check cannot read as `{check.view}`: a wrong structure?")
        elif "error" in data:
            verdict = Verdict(False, f"{call} failed: {explain(data['error']['message'])}")
        else:
            verdict = JUDGES[check.kind](check, data, call)
        results.append(CheckResult(
            id=check.id, kind=check.kind, title=check.title or check.id, passed=verdict.passed,
            score=check.points if verdict.passed else 0.0, max_score=check.points, message=verdict.message,
            hint=None if verdict.passed else _new_hint(check.hint, verdict.message),
            counterexample=verdict.counterexample,
            visibility=check.visibility, timeline=verdict.timeline))
    return results


def reference(exercise: Exercise, *, device: str = "auto", zygote: Any = None) -> dict[str, Any] | None:
    """The expected outputs that every grading of ``exercise`` computes alike, computed once in a
    child that runs no learner code (see ``evaluate.main.reference``), warm from ``zygote`` if given,
    for ``submit(reference=...)`` in a batch; None when the run fails (each grading then computes
    them itself, as alone)."""
    from grader.sandbox.runner import run_child

    if exercise.kind == "quiz":
        return None
    run = run_child(None, {**_plan(exercise), "reference_run": True}, timeout_s=exercise.limits.wall_time_s,
                    device=device, output_kb=exercise.limits.output_kb, zygote=zygote)
    result = _result(run.message, 0) if not run.timed_out else None
    known = result.reference if result is not None and result.status == "ok" else None
    # Every child parses it: past a few MiB (huge generated inputs) that costs more than it spares.
    return known if known and len(json.dumps(known)) <= REFERENCE_MAX_BYTES else None


def submit(submission: Path, exercise_id: str | None = None, *, device: str = "auto",
           timeout_s: float | None = None, zygote: Any = None, reference: dict[str, Any] | None = None,
           require: str | None = None) -> Report:
    """Grade one submission in a child process and return its report. In a batch, ``zygote`` forks
    the child warm and ``reference`` (from ``reference()``) spares it the expected outputs."""

    if device not in DEVICES:
        raise UsageError(f"--device must be one of {', '.join(DEVICES)}, not {device!r}")
    if timeout_s is not None and timeout_s <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    exercise = _exercise_for(submission, exercise_id)  # the caller's choice wins: grade-all grades a class as one
    why = refusal(submission)
    if why:
        return refused(submission, exercise, why)
    if submission.suffix == ".ipynb" and exercise.kind != "quiz":
        from grader import notebook

        return notebook.submit(submission, exercise.id, device=device, timeout_s=timeout_s, zygote=zygote,
                               reference=reference, require=require)
    if exercise.kind == "quiz":
        return _submit_quiz(exercise, submission)
    report = _submit_code(exercise, submission, device, timeout_s, zygote, reference, requirements.required(require))
    return report


def _submit_code(exercise: Exercise, submission: Path, device: str, timeout_s: float | None, zygote: Any,
                 reference: dict[str, Any] | None, required: frozenset[str]) -> Report:
    from grader.sandbox.runner import run_child

    requirements.check_machine(required)
    report = _graded_run(exercise, submission, device, timeout_s, zygote, reference, run_child)
    requirements.check_report(required, report.isolation)
    return report


def _graded_run(exercise: Exercise, submission: Path, device: str, timeout_s: float | None, zygote: Any,
                reference: dict[str, Any] | None, run_child: Any) -> Report:
    limit = timeout_s or exercise.limits.wall_time_s
    started = time.monotonic()
    plan = {**_plan(exercise), "reference": reference} if reference else _plan(exercise)
    run = run_child(submission, plan, timeout_s=limit, device=device,
                    output_kb=exercise.limits.output_kb, file_mb=exercise.limits.file_mb, zygote=zygote)
    duration = time.monotonic() - started
    output = Output(stdout=run.stdout, stderr=run.stderr)
    failure = _run_failure(run, limit, exercise.limits.memory_mb)
    message = None if failure else _result(run.message, len(exercise.checks))
    used = message.device if message else ("GPU" if device == "gpu" else "CPU")
    confined = Isolation(
        tier=run.tier, network=(message.network if message else None) or _network(run.tier),
        filesystem=_known(message.filesystem if message else None, ("work folder only", "not confined")),
        user=_known(message.user if message else None, ("unprivileged", "root")))
    if message is None:  # the run failed, or its result could not be read
        kind, why = failure or ("crash", "the grader's evaluator sent a result it could not read; the submission "
                                         "was not graded (report this to your instructor if it repeats)")
        return _error_report(exercise, submission, used, duration, kind, why, output, confined)
    if message.status == "no-device":
        raise DeviceUnavailable(str((message.error or {}).get("message", "no GPU")))
    if message.status == "spec-error":
        index = (message.error or {}).get("index", -1)
        index = index if isinstance(index, int) and -1 <= index < len(exercise.checks) else -1
        field = f"checks[{index}] ({exercise.checks[index].id})" if index >= 0 else "example"
        raise SpecError(str(Path(exercise.folder) / "exercise.yaml"),
                        [f"{field}: an expression failed when the grader evaluated it: "
                         f"{(message.error or {}).get('message')}"])
    if message.status == "error":
        error = message.error or {}
        kind = _known(error.get("kind"), _ERROR_KINDS) or "crash"
        return _error_report(exercise, submission, used, duration, kind, explain(str(error.get("message", ""))),
                             output, confined)
    unjudged = "the grader's evaluator sent data it could not judge; the submission was not graded"
    if message.probes is None:  # a result with a reference but no probes
        return _error_report(exercise, submission, used, duration, "crash", unjudged, output, confined)
    try:
        checks = _judge(exercise, message.probes)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return _error_report(exercise, submission, used, duration, "crash", unjudged, output, confined)
    return _graded(exercise, submission, checks, used, duration, confined, output)


_ERROR_KINDS: tuple[ErrorKind, ...] = get_args(ErrorKind)


def _result(message: dict[str, Any] | None, checks: int) -> Result | None:
    """The evaluator's message, validated; None when it is malformed or its probes do not pair
    one to one with the checks."""
    from pydantic import ValidationError

    from grader.evaluate.messages import Result

    try:
        result = Result.model_validate(message)
    except ValidationError:
        return None
    if result.status == "ok" and result.reference is None and (result.probes is None or len(result.probes) != checks):
        return None
    return result


Known = TypeVar("Known", bound=str)


def _known(value: object, values: tuple[Known, ...]) -> Known | None:
    """``value`` when it is one of ``values`` (one the report knows), else None."""
    return next((known for known in values if known == value), None)


def _network(tier: str) -> Literal["off", "not isolated"]:
    """Whether the network was cut, when the child could not say (it did not report)."""
    from grader.sandbox import nosockets

    return "off" if tier == "namespaces" or nosockets.supported() else "not isolated"


def _run_failure(run: Any, limit: float, memory_mb: int) -> tuple[ErrorKind, str] | None:
    """Why a run gave no usable result, as (error kind, message), or None when it did."""
    if run.forged:
        return "tampering", ("a result that did not come from the grader's child arrived on its private "
                             "channel; the submission tried to write its own grade")
    if run.timed_out:
        return "timeout", (f"stopped after the {limit:g} s time limit: look for an endless loop, a repeat() "
                           "without take(), or slow work at import time")
    if run.memory_exceeded:
        return "memory", (f"stopped for using more than the {memory_mb} MiB memory limit (resident, shared "
                          "mappings included): look for a huge allocation or an unbounded cache")
    if run.message is None:
        signal = -run.returncode if run.returncode and run.returncode < 0 else None
        why = f"killed by signal {signal}" if signal else f"exited with code {run.returncode}"
        return "crash", (f"the submission's process {why} before reporting a result "
                         "(sys.exit or os._exit in the file? a crash in native code? a recursion too deep?)")
    return None


def _graded(exercise: Exercise, submission: Path, checks: list[CheckResult], device: str, duration: float,
            isolation: Isolation, output: Output) -> Report:
    score = sum(c.score for c in checks)
    threshold = exercise.pass_threshold
    passed = score >= threshold if threshold is not None else all(c.passed for c in checks)
    return Report(exercise=exercise.id, submission=submission.name, status="graded", passed=passed,
                  score=score, max_score=exercise.max_score, device=device, duration_s=round(duration, 2),
                  isolation=isolation, checks=checks, output=output)


# A quiz runs no learner code: nothing to confine.
NO_CODE = Isolation(tier="no code run", network="off")


def _submit_quiz(exercise: Exercise, submission: Path) -> Report:
    """Grade an answers file in this process: it is data, never executed."""
    from grader.answers import AnswersError, read_answers

    started = time.monotonic()
    questions = [c for c in exercise.checks if isinstance(c, QuizCheck)]  # all of a quiz's checks (Exercise)
    try:
        answers = read_answers(submission, {c.number for c in questions})
    except AnswersError as error:
        return _error_report(exercise, submission, "none", time.monotonic() - started, "syntax", str(error),
                             Output(), NO_CODE)
    reveal = exercise.reveals_keys()
    checks = _judge(exercise, [{"answer": answers.get(c.number), "reveal": reveal} for c in questions])
    return _graded(exercise, submission, checks, "none", time.monotonic() - started, NO_CODE, Output())
