"""Thin Typer commands: parse, call grader.api, format, exit with the right code.

Imports nothing heavy at module level: ``grader --help`` and ``grader list`` never
load TensorFlow (a test proves it).
"""

from __future__ import annotations

import enum
import json
import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich import box
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.table import Table

from grader import api, catalog
from grader.errors import GraderError, UsageError
from grader.prompt import grading_section, prompt_text

# Plain help (rich_markup_mode=None): Rich's markup would eat "grader[distributed]" as a style tag,
# and its panels add a "<bool>" type column to every flag, --help included.
app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Auto-graded exercises for TensorFlow input pipelines (tf.data prefetching).")


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    junit = "junit"
    gradescope = "gradescope"
    classroom = "classroom"
    markdown = "markdown"


GRADESCOPE_RESULTS = Path("/autograder/results/results.json")


class Device(str, enum.Enum):
    auto = "auto"
    cpu = "cpu"
    gpu = "gpu"


def version() -> str:
    """The installed grader's version."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("grader")
    except PackageNotFoundError:  # run from a checkout that was never installed
        from grader import __version__

        return __version__


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"grader {version()}")
        raise typer.Exit(0)


@app.callback()
def catalog_option(exercises: Optional[Path] = typer.Option(
        None, "--exercises", metavar="DIR", envvar="GRADER_EXERCISES",
        help="grade against the exercise catalog in DIR (e.g. a private one with hidden checks)"),
        show_version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                          help="print the grader's version and exit")) -> None:
    """Auto-graded exercises for TensorFlow input pipelines (tf.data prefetching)."""
    if exercises is not None:
        os.environ["GRADER_EXERCISES"] = str(exercises)


def _table(*headers: str, title: str | None = None) -> Table:
    """A borderless table whose first column (the id to copy) is never wrapped or cut."""
    table = Table(*headers, title=title, box=box.SIMPLE_HEAD, pad_edge=False, title_justify="left")
    table.columns[0].no_wrap = True
    return table


def _console() -> Console:
    """Rich picks the width: $COLUMNS, else the terminal's (even when stdout is a pipe), else 80;
    tables wrap whole words to it."""
    return Console(highlight=False)


def _fail(error: GraderError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command("list")
def list_command() -> None:
    """The exercises in lesson order: id, title, difficulty, kind, points."""
    try:
        entries = catalog.browse()
    except GraderError as error:
        _fail(error)
    width = max([len(exercise_id) for exercise_id, _ in entries] + [2])
    table = _table("id", "title", "difficulty", "kind", "points")
    table.columns[0].min_width = width
    broken = []
    for exercise_id, exercise in entries:
        if isinstance(exercise, GraderError):
            broken.append(exercise)
            table.add_row(exercise_id, "BROKEN: its spec does not load (below)", "", "", "")
        else:
            table.add_row(exercise.id, exercise.title, exercise.difficulty, exercise.kind,
                          f"{exercise.max_score:g}")
    _console().print(table)
    for problem in broken:
        typer.echo(f"error: {problem}", err=True)


@app.command()
def show(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """The prompt, the entry point signature, then how it is graded: the checks and their points
    (generated from the spec, grader.prompt)."""
    try:
        exercise = catalog.load_exercise(exercise_id)
    except GraderError as error:
        _fail(error)
    console = _console()
    console.print(Markdown(prompt_text(exercise)))
    if exercise.entry_point:
        console.print(f"\nEntry point: {exercise.entry_point.signature}", markup=False)
    for check in exercise.checks:
        if check.kind == "quiz":
            console.print(Markdown(_question(check)))
    console.print()
    console.print(Markdown(grading_section(exercise)))


def _question(check) -> str:
    code = f"\n```python\n{check.code}```\n" if check.code else ""
    options = "\n".join(f"- **{letter}.** {text}" for letter, text in zip("ABCD", check.options))
    return f"**{check.number}. ({check.difficulty})** {check.question}\n{code}\n{options}\n"


@app.command()
def start(exercise_id: str = typer.Argument(..., metavar="ID"),
          directory: Path = typer.Argument(Path("."), metavar="DIR", show_default=False,
                                           help="where to write exercise.py (default: here)"),
          force: bool = typer.Option(False, "--force", help="overwrite an existing file"),
          notebook: bool = typer.Option(False, "--notebook",
                                        help="write a Jupyter notebook (exercise.ipynb) instead")) -> None:
    """Copy the exercise's starter file into DIR (default: here), tagged with its id."""
    try:
        target = api.start(exercise_id, directory, force=force, notebook=notebook)
    except GraderError as error:
        _fail(error)
    _console().print(f"Wrote {target}. Edit it, then run: grader submit {target}", markup=False)


_REQUIRE_HELP = ("refuse to grade (exit 2) without these, comma-separated: namespaces, network, filesystem, "
                 "unprivileged (default: $GRADER_REQUIRE_ISOLATION)")


@app.command()
def submit(file: Path = typer.Argument(..., metavar="FILE"),
           exercise: Optional[str] = typer.Option(None, "--exercise", metavar="ID",
                                                  help="the exercise; default: the file's '# exercise: ID' tag"),
           fmt: Format = typer.Option(Format.text, "--format", help="report format"),
           output: Optional[Path] = typer.Option(None, "--output", metavar="PATH",
                                                 help="write the report here; stdout then gets the text report"),
           device: Device = typer.Option(Device.auto, "--device", help="where TensorFlow runs in the child"),
           timeout: Optional[float] = typer.Option(None, "--timeout", metavar="S",
                                                   help="wall-time limit in seconds (default: the exercise's)"),
           timeline: Optional[Path] = typer.Option(None, "--timeline", metavar="PATH",
                                                   help="write the throughput timelines as an SVG picture"),
           show_hidden: bool = typer.Option(False, "--show-hidden",
                                            help="instructors: show hidden and after-due checks in full"),
           require_isolation: Optional[str] = typer.Option(None, "--require-isolation", metavar="NAMES",
                                                          help=_REQUIRE_HELP)) -> None:
    """Grade one submission. Exit 0: passed; 1: not passed (or could not run); 2: usage or spec error."""
    try:
        chosen = api.resolve_exercise(file, exercise)  # a tag that disagrees with --exercise is a usage error
        if timeline is not None:
            _has_timeline(chosen)
        report = api.submit(file, chosen.id, device=device.value, timeout_s=timeout, require=require_isolation)
    except GraderError as error:
        _fail(error)
    _emit(report, fmt, output, show_hidden, summary=True)
    if timeline is not None:
        _write_timeline(report, timeline, show_hidden)
    raise typer.Exit(0 if report.passed else 1)


@app.command("report")
def report_command(file: Path = typer.Argument(..., metavar="FILE.json",
                                               help="a report saved by grader submit --format json"),
                   fmt: Format = typer.Option(Format.text, "--format", help="report format"),
                   output: Optional[Path] = typer.Option(None, "--output", metavar="PATH",
                                                         help="write the report here instead of stdout"),
                   show_hidden: bool = typer.Option(False, "--show-hidden",
                                                    help="instructors: show hidden and after-due checks in full")
                   ) -> None:
    """Render a saved JSON report in another format: grade once in CI, emit JUnit, markdown and more."""
    from grader.report import read_report

    try:
        report = read_report(file)
    except GraderError as error:
        _fail(error)
    _emit(report, fmt, output, show_hidden, summary=False)


def _emit(report, fmt: Format, output: Optional[Path], show_hidden: bool, summary: bool) -> None:
    """Each destination gets one thing: the report in ``fmt`` goes to ``output``, or to stdout when
    there is none; with an ``output``, stdout gets the text report when ``summary`` (submit: the CI
    log stays readable) and one line saying where it went otherwise. Markdown is also appended to
    $GITHUB_STEP_SUMMARY when that is set."""
    from grader.report import render

    color = sys.stdout.isatty()
    if output is None and fmt is Format.gradescope and GRADESCOPE_RESULTS.parent.is_dir():
        output = GRADESCOPE_RESULTS  # where Gradescope's harness reads it
    if output is None:
        typer.echo(render(report, fmt.value, color=color, show_hidden=show_hidden), nl=False)
    else:
        _write(output, render(report, fmt.value, show_hidden=show_hidden))
        if summary:
            typer.echo(render(report, "text", color=color, show_hidden=show_hidden), nl=False)
        else:
            typer.echo(f"wrote {output} ({fmt.value})")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt is Format.markdown and step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(render(report, "markdown", show_hidden=show_hidden))


def _write(path: Path, content: str) -> None:
    try:
        path.write_text(content, encoding="utf-8")
    except OSError as error:
        _fail(GraderError(f"cannot write {path}: {error.strerror}"))


def _has_timeline(exercise) -> None:
    """--timeline is a usage error for an exercise without a throughput check: nothing to draw."""
    if not any(check.kind == "throughput" for check in exercise.checks):
        raise UsageError(f"--timeline: {exercise.id} has no throughput check, (no speed-up is measured), "
                         "so there is no timeline to draw")


def _write_timeline(report, path: Path, show_hidden: bool) -> None:
    from grader.report import learner_view, timeline_svg

    picture = timeline_svg(report if show_hidden else learner_view(report))
    if picture is None:
        why = "the submission did not run" if report.error else "its throughput check is hidden"
        typer.echo(f"no timeline written to {path}: {why}", err=True)
    else:
        _write(path, picture)


@app.command("validate")
def validate_command(exercise_ids: Optional[list[str]] = typer.Argument(None, metavar="ID", help="default: every exercise"),
                     workers: Optional[int] = typer.Option(None, "--workers", help="gradings at once")) -> None:
    """Instructor check: specs load, solutions score full marks, starters fail, mutants are caught.

    Exit 0 when everything holds, 1 when anything does not (listed), 2 on a usage error."""
    from grader.validate import validate

    try:
        findings = validate(exercise_ids or None, workers=workers)
    except GraderError as error:
        _fail(error)
    table = _table("exercise", "what", "ok", "detail")
    for finding in findings:
        table.add_row(finding.exercise, finding.subject, "yes" if finding.ok else "NO", finding.detail)
    console = _console()
    console.print(table)
    bad = [f for f in findings if not f.ok]
    console.print(f"{len(bad)} problem(s) in {len(findings)} findings." if bad else
                  f"All {len(findings)} findings hold.", markup=False)
    raise typer.Exit(1 if bad else 0)


@app.command("new")
def new_command(exercise_id: str = typer.Argument(..., metavar="ID"),
                directory: Path = typer.Option(Path("."), "--dir", metavar="DIR", show_default=False,
                                               help="write DIR/exercises/ID and DIR/solutions (default: here)")
                ) -> None:
    """Scaffold a new exercise (spec, prompt, starter, solution, a mutant) that validate accepts."""
    from grader.scaffold import new_exercise

    try:
        paths = new_exercise(exercise_id, directory)
    except GraderError as error:
        _fail(error)
    for path in paths:
        typer.echo(f"wrote {path}")
    folder = paths[0].parent.parent
    default = folder.resolve() == catalog.exercises_root().resolve()
    typer.echo(f"Edit them, then run: grader {'' if default else f'--exercises {folder} '}validate {exercise_id}")


@app.command("grade-all")
def grade_all_command(directory: Path = typer.Argument(..., metavar="DIR"),
                      exercise: str = typer.Option(..., "--exercise", metavar="ID"),
                      workers: Optional[int] = typer.Option(None, "--workers", help="gradings at once (default: cores)"),
                      csv_path: Optional[Path] = typer.Option(None, "--csv", metavar="PATH",
                                                              help="the gradebook"),
                      json_dir: Optional[Path] = typer.Option(None, "--json-dir", metavar="PATH",
                                                              help="also write each learner's JSON report here"),
                      regrade: bool = typer.Option(False, "--regrade", help="grade unchanged submissions again"),
                      device: Device = typer.Option(Device.auto, "--device"),
                      timeout: Optional[float] = typer.Option(None, "--timeout", metavar="S",
                                                              help="wall-time limit per submission"),
                      scheduler: Optional[str] = typer.Option(
                          None, "--scheduler", metavar="ADDRESS",
                          help="grade on a Dask cluster (tcp://HOST:PORT); needs pip install "
                               "'grader[distributed]'"),
                      require_isolation: Optional[str] = typer.Option(None, "--require-isolation", metavar="NAMES",
                                                                      help=_REQUIRE_HELP)) -> None:
    """Grade every submission under DIR (a file or a folder per learner) into a gradebook."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from grader.gradebook import find_submissions, grade_all, unmatched_folders
    from grader.sandbox import requirements

    console = _console()
    try:
        if require_isolation is not None:  # every grading of the class checks its own report too
            os.environ[requirements.VARIABLE] = require_isolation
        requirements.check_machine(requirements.required())
        exercise_kind = catalog.load_exercise(exercise).kind
        found = find_submissions(directory, exercise_kind)
        total = len(found) + len(unmatched_folders(directory, exercise_kind, found))
        with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task("grading", total=total)
            book = grade_all(directory, exercise, workers=workers, csv_path=csv_path, json_dir=json_dir,
                             regrade=regrade, device=device.value, timeout_s=timeout, scheduler=scheduler,
                             progress=lambda learner, row: bar.advance(task))
    except GraderError as error:
        _fail(error)
    table = _table("learner", "score", "passed", "status", title=f"{exercise}: {len(book.rows)} submissions")
    for row in book.rows:
        table.add_row(escape(row.learner), f"{row.score:g}/{row.max_score:g}", "yes" if row.passed else "no",
                      row.status + (f" ({row.error_kind})" if row.error_kind else ""))
    console.print(table)
    if book.reports:
        rates = _table("check", "pass rate", "submissions", title="Checks, most failed first")
        for check_id, rate, seen in book.check_pass_rates():
            rates.add_row(check_id, f"{rate:.0%}", str(seen))
        console.print(rates)
        for kind, count in book.common_errors():
            console.print(f"{count} submission(s) could not run: {kind}", markup=False)
    if book.skipped:
        console.print(f"{len(book.skipped)} unchanged submission(s) kept from {csv_path} (--regrade to grade "
                      "them again).", markup=False)


export_app = typer.Typer(help="Package an exercise for a course platform.", no_args_is_help=True,
                         rich_markup_mode=None)
app.add_typer(export_app, name="export")


@export_app.command("gradescope")
def export_gradescope(exercise_id: str = typer.Argument(..., metavar="ID"),
                      output: Optional[Path] = typer.Option(None, "--output", metavar="PATH",
                                                            help="default: ID-autograder.zip")) -> None:
    """Build Gradescope's autograder zip (setup.sh, run_autograder, the grader, the exercise)."""
    from grader.export import gradescope_zip

    try:
        path = gradescope_zip(exercise_id, output or Path(f"{exercise_id}-autograder.zip"))
    except GraderError as error:
        _fail(error)
    typer.echo(f"wrote {path}: upload it as the autograder of a Gradescope programming assignment")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the exercise spec (for editor completion)."""
    from grader.spec import Exercise

    typer.echo(json.dumps(Exercise.model_json_schema(), indent=2))


def main() -> None:
    """Console-script entry point."""
    app()
