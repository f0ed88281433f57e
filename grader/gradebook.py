r"""``grader grade-all``: every learner's submission in a folder, graded into a gradebook.

Each submission gets the same isolation and limits as ``grader submit`` (its own child process,
forked from a warm worker that has already imported TensorFlow where the namespace tier holds);
up to ``workers`` run at once. One learner's crash, timeout or memory blow-up is just that
learner's row. The CSV records each submission's SHA-256, the exercise, a hash of the
exercise's spec folder and the grader's version: a re-run reuses a learner's grade only when
all four are unchanged (so grading the folder against another exercise, after an instructor
edited a check, or with another grader version grades again), unless ``regrade``.

Learner ids. A learner id is the file's or folder's name, which can hold anything but ``/``
and NUL: bytes that are not UTF-8 (an LMS export, an unzip; Python keeps them as lone
surrogates, which no UTF-8 file can hold), control characters, a leading ``=``. The decision:

- ``learner_id`` turns the name into text that any file or terminal can hold, and that names
  one learner only: a byte that is not UTF-8 is written ``\xNN`` (``b"bad\xff.py"`` is learner
  ``bad\xff``), a control character ``\uNNNN`` (``\u000a`` for a newline), and a backslash of
  the name itself ``\\``; every other character, any script, is kept. It is the ``learner`` of
  every ``Row``, of ``Gradebook.reports`` and ``Gradebook.skipped``. (The ``--json-dir`` report
  keeps the learner's own name as its file name, with the name in the report's text written the
  same way.)
- ``csv_cell`` writes it to the CSV so that a spreadsheet shows it as text, never evaluates it
  (CSV formula injection): a cell whose first character other than white space is ``=``, ``+``,
  ``-``, ``@`` or their full-width forms (OWASP's list; tab, CR and LF are escaped already) gets
  a leading apostrophe, which spreadsheets take as "text" and do not display; so does a cell
  starting with an apostrophe, so that reading one apostrophe back off (``from_csv_cell``) always
  gives the id. A learner file ``=HYPERLINK("http:","x").py`` is the cell
  ``'=HYPERLINK("http:","x")``. Only the learner column needs it: the others are the grader's own
  numbers, words and hashes.
- ``read_gradebook`` keys the old rows by ``from_csv_cell(learner)``, and a re-run looks a learner
  up by ``learner_id(name)``: the same file is the same row, and its grade is reused as before.
"""

from __future__ import annotations

import csv
import hashlib
import os
import unicodedata
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Callable, Iterator, TypeVar


from grader import api, catalog
from grader.errors import UsageError
from grader.report.model import ErrorKind, Report

T = TypeVar("T")

COLUMNS = ["learner", "exercise", "score", "max_score", "passed", "status", "error_kind", "duration_s", "sha256",
           "spec_hash", "grader_version"]
_PREFERRED = ("exercise.py", "answers.yaml", "submission.py", "exercise.ipynb")
#: What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), full-width forms too.
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def learner_id(name: str) -> str:
    """A learner's file or folder name as text that names that learner only and that any file or
    terminal can hold: a byte that is not UTF-8 (``os.fsdecode`` keeps it as a lone surrogate) as
    ``\\xNN``, any other control character or surrogate as ``\\uNNNN``, a backslash as ``\\\\``.
    Every other name (any script, spaces, quotes) is kept as it is."""
    out = []
    for char in name:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # surrogateescape: the byte code - 0xDC00 of the name
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char == "\\":
            out.append("\\\\")
        elif unicodedata.category(char) in ("Cc", "Cs"):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def csv_cell(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows and never evaluates: a leading apostrophe when its
    first non-blank character starts a formula, or when it starts with an apostrophe itself (so
    that ``from_csv_cell`` can always take one off)."""
    return f"'{text}" if text.lstrip()[:1] in FORMULA_STARTS or text.startswith("'") else text


def from_csv_cell(cell: str) -> str:
    """What ``csv_cell`` was given."""
    return cell.removeprefix("'")


@dataclass
class Row:
    """One learner's line in the gradebook."""

    learner: str
    score: float
    max_score: float
    passed: bool
    status: str
    error_kind: str
    duration_s: float
    sha256: str
    exercise: str = ""
    spec_hash: str = ""
    grader_version: str = ""

    def as_csv(self) -> dict[str, str]:
        return {"learner": csv_cell(self.learner), "exercise": self.exercise, "score": f"{self.score:g}",
                "max_score": f"{self.max_score:g}", "passed": str(self.passed).lower(), "status": self.status,
                "error_kind": self.error_kind, "duration_s": f"{self.duration_s:.2f}", "sha256": self.sha256,
                "spec_hash": self.spec_hash, "grader_version": self.grader_version}


def _suffixes(kind: str) -> tuple[str, ...]:
    return (".yaml", ".yml") if kind == "quiz" else (".py",)


def _file(path: Path) -> bool:
    """A file, or a symbolic link (found, so that its learner's row says why it was refused)."""
    return path.is_symlink() or path.is_file()


def find_submissions(root: Path, kind: str) -> dict[str, Path]:
    """Learner id -> file: one file per learner (id = file name) or one folder per learner (id = folder)."""
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    found: dict[str, Path] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if _file(entry) and not entry.is_dir() and \
                (entry.suffix in _suffixes(kind) or (kind != "quiz" and entry.suffix == ".ipynb")):
            found[entry.stem] = entry
        elif entry.is_dir():
            # A file with a preferred name first (the folder's own before a subfolder's, exercise.py
            # before exercise.ipynb), then the only Python file, then the only notebook: exercise.ipynb
            # beside a helper module is the submission, a draft kept in a subfolder is not.
            groups = [sorted(p for p in entry.rglob("*") if _file(p) and p.suffix in suffixes
                             and not any(part.startswith(".") for part in p.relative_to(entry).parts))
                      for suffixes in (_suffixes(kind), () if kind == "quiz" else (".ipynb",))]
            preferred = sorted((p for files in groups for p in files if p.name in _PREFERRED),  # shallowest first
                               key=lambda p: (len(p.relative_to(entry).parts), _PREFERRED.index(p.name), p))
            lone = [files[0] for files in groups if len(files) == 1]
            if preferred or lone:
                found[entry.name] = (preferred or lone)[0]
    return found


def unmatched_folders(root: Path, kind: str, found: dict[str, Path]) -> dict[str, str]:
    """Learner folders ``find_submissions`` found nothing to grade in, with why: each gets a row
    (graded 0, with the reason) rather than silently missing from the gradebook."""
    wanted = _suffixes(kind) + (() if kind == "quiz" else (".ipynb",))
    names = " or ".join(n for n in _PREFERRED if Path(n).suffix in wanted)
    reasons = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in found or not entry.is_dir() or entry.is_symlink():
            continue
        files = sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*") if _file(p) and p.suffix in wanted
                       and not any(part.startswith(".") for part in p.relative_to(entry).parts))
        linked = sorted(p.relative_to(entry).as_posix() for p in entry.rglob("*") if p.is_symlink() and p.is_dir())
        if len(files) > 1:
            reasons[entry.name] = (f"{entry.name}/ holds {len(files)} files that could be the submission "
                                   f"({', '.join(files[:4])}{', ...' if len(files) > 4 else ''}) and none is "
                                   f"named {names}: name the one to grade {names.split(' or ')[0]}")
        elif linked:
            reasons[entry.name] = (f"{entry.name}/ holds no file to grade, only a linked folder ({linked[0]}), "
                                   "which the grader does not follow: submit the file itself")
        else:
            reasons[entry.name] = f"{entry.name}/ holds no file to grade (a {' or '.join(wanted)} file)"
    return reasons


def learner_folder(root: Path, path: Path) -> Path:
    """What a learner's file must resolve into: its folder under ``root`` (not followed: a folder
    that is a link leads elsewhere), or ``root`` itself for a file directly in it."""
    parts = path.relative_to(root).parts
    return root.resolve() / parts[0] if len(parts) > 1 else root.resolve()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def spec_hash(folder: Path) -> str:
    """SHA-256 over the exercise's folder: every file's relative path and bytes, in path order
    (the spec, the prompt, the starter, any data), so that any edit changes it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def grader_version() -> str:
    from grader import __version__

    return __version__


def read_gradebook(path: Path | None) -> dict[str, dict[str, str]]:
    """The rows of an existing CSV gradebook by learner id (empty when there is none), each row's
    ``learner`` the id again (``from_csv_cell``)."""
    if path is None or not path.is_file():
        return {}
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        rows = [{**row, "learner": from_csv_cell(row["learner"] or "")} for row in csv.DictReader(handle)]
    return {row["learner"]: row for row in rows}


def write_gradebook(path: Path, rows: list[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(row.as_csv() for row in sorted(rows, key=lambda r: r.learner))


def report_json(report: Report) -> str:
    """The report as JSON (``--json-dir``). Its text may hold a learner's file name that is not UTF-8
    (``submission``, messages): such a name is written as ``learner_id`` writes it, not refused."""
    from grader.report.printable import encodable_report

    return encodable_report(report).model_dump_json(indent=2)


def _row(learner: str, report: Report, digest: str, stamp: dict[str, str]) -> Row:
    return Row(learner, report.score, report.max_score, report.passed, report.status,
               report.error.kind if report.error else "", report.duration_s, digest, **stamp)


def _from_csv(row: dict[str, str]) -> Row:
    return Row(row["learner"], float(row["score"]), float(row["max_score"]), row["passed"] == "true",
               row["status"], row["error_kind"], float(row["duration_s"]), row["sha256"],
               row.get("exercise") or "", row.get("spec_hash") or "", row.get("grader_version") or "")


def reusable(previous: dict[str, str] | None, digest: str, stamp: dict[str, str]) -> bool:
    """Whether an old row still holds: same submission, same exercise, same spec, same grader.
    A row from an older gradebook without these columns never does."""
    return previous is not None and previous.get("sha256") == digest and \
        all(previous.get(column) == value for column, value in stamp.items())


@dataclass
class Gradebook:
    """The outcome of a class: every row, the reports graded this time, and what was skipped."""

    rows: list[Row]
    reports: dict[str, Report]
    skipped: list[str]

    def check_pass_rates(self) -> list[tuple[str, float, int]]:
        """(check id, pass rate, submissions) over the reports of this run, worst first; a submission
        that could not run fails every check."""
        passed: Counter[str] = Counter()
        seen: Counter[str] = Counter()
        for report in self.reports.values():
            for check in report.checks:
                seen[check.id] += 1
                passed[check.id] += check.passed
        return sorted(((cid, passed[cid] / seen[cid], seen[cid]) for cid in seen), key=lambda t: (t[1], t[0]))

    def common_errors(self) -> list[tuple[ErrorKind, int]]:
        """How many submissions could not run, by error kind."""
        return Counter(r.error.kind for r in self.reports.values() if r.error).most_common()


def _graded(todo: dict[str, tuple[Path, str]], exercise_id: str, workers: int | None, device: str,
            timeout_s: float | None, scheduler: str | None) -> Iterator[tuple[str, Report]]:
    """(learner, report) as gradings finish: on a Dask cluster, or in a local pool of isolated children."""
    if scheduler:
        from grader.distributed import grade_on_cluster

        yield from grade_on_cluster(scheduler, {k: path for k, (path, _) in todo.items()}, exercise_id, device,
                                    timeout_s)
    elif todo:
        yield from _graded_here({k: path for k, (path, _) in todo.items()}, exercise_id, workers, device, timeout_s)


def _graded_here(paths: dict[str, Path], exercise_id: str, workers: int | None, device: str,
                 timeout_s: float | None) -> Iterator[tuple[str, Report]]:
    """Children forked warm from one zygote where the namespace tier holds, cold elsewhere.

    Once the zygote is up, a warm child computes the exercise's reference (``api.reference``) beside
    the first gradings; gradings that start once it is there skip that work, with the same report
    either way. (A cold child started beside the zygote used an idle core for its own TensorFlow
    import, but finished later: measured with benchmarks/grade_all.py.) With no zygote, children
    start cold anyway and the reference would save too little to be worth a core."""
    from grader.api import reference, submit
    from grader.sandbox import isolation
    from grader.sandbox.runner import warm_workers

    with ThreadPoolExecutor(max_workers=1) as side, \
            ThreadPoolExecutor(max_workers=workers or os.cpu_count() or 2) as pool:
        with warm_workers() as zygote:
            pending = side.submit(reference, catalog.load_exercise(exercise_id), device=device, zygote=zygote) \
                if isolation.tier() == "namespaces" and zygote is not None else None

            def grade(path: Path) -> Report:
                return submit(path, exercise_id, device=device, timeout_s=timeout_s, zygote=zygote,
                              reference=_result_if_ready(pending))

            futures = {pool.submit(grade, path): learner for learner, path in paths.items()}
            for future in as_completed(futures):
                yield futures[future], future.result()  # a GraderError (usage, spec) stops the batch


def _result_if_ready(pending: Future[T] | None) -> T | None:
    """The future's result when it has already succeeded; None when there is none yet (never waits)."""
    if pending is None or not pending.done() or pending.exception() is not None:
        return None
    return pending.result()


def grade_all(root: Path, exercise_id: str, *, workers: int | None = None, csv_path: Path | None = None,
              json_dir: Path | None = None, regrade: bool = False, device: str = "auto",
              timeout_s: float | None = None, scheduler: str | None = None,
              progress: Callable[[str, Row], None] | None = None) -> Gradebook:
    """Grade every submission under ``root`` for one exercise; write the CSV and reports if asked."""
    exercise = catalog.load_exercise(exercise_id)
    submissions = find_submissions(root, exercise.kind)
    previous = read_gradebook(csv_path)
    stamp = {"exercise": exercise.id, "spec_hash": spec_hash(Path(exercise.folder)),
             "grader_version": grader_version()}
    rows, reports, skipped, todo, refused = [], {}, [], {}, {}
    # ``learner`` is the file's or folder's own name (for paths); rows, reports, skipped and the
    # CSV know the learner by ``learner_id(learner)`` (see the module's docstring)
    for learner, reason in unmatched_folders(root, exercise.kind, submissions).items():
        refused[learner] = api.nothing_to_grade(root / learner, exercise, reason)
    for learner, path in submissions.items():
        why = api.refusal(path, learner_folder(root, path))
        if why:  # never read, nor hashed: its row's sha256 stays empty
            refused[learner] = api.refused(path, exercise, why)
            continue
        digest = _sha256(path)
        old = previous.get(learner_id(learner))
        if not regrade and old is not None and reusable(old, digest, stamp):
            rows.append(_from_csv(old))
            skipped.append(learner_id(learner))
        else:
            todo[learner] = (path, digest)
    if json_dir is not None:
        json_dir.mkdir(parents=True, exist_ok=True)
    for learner, report in chain(refused.items(), _graded(todo, exercise_id, workers, device, timeout_s, scheduler)):
        reports[learner_id(learner)] = report
        row = _row(learner_id(learner), report, todo[learner][1] if learner in todo else "", stamp)
        rows.append(row)
        if json_dir is not None:
            (json_dir / f"{learner}.json").write_text(report_json(report), encoding="utf-8")
        if progress:
            progress(learner_id(learner), row)
    if csv_path is not None:
        write_gradebook(csv_path, rows)
    return Gradebook(sorted(rows, key=lambda r: r.learner), reports, skipped)
