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
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table

from grader import api
from grader.errors import GraderError

app = typer.Typer(add_completion=False, no_args_is_help=True,
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


@app.callback()
def catalog_option(exercises: Optional[Path] = typer.Option(
        None, "--exercises", metavar="DIR", envvar="GRADER_EXERCISES",
        help="grade against the exercise catalog in DIR (e.g. a private one with hidden checks)")) -> None:
    """Auto-graded exercises for TensorFlow input pipelines (tf.data prefetching)."""
    if exercises is not None:
        os.environ["GRADER_EXERCISES"] = str(exercises)


def _console() -> Console:
    return Console(highlight=False, width=None if sys.stdout.isatty() else 120)


def _fail(error: GraderError) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(error.exit_code)


@app.command("list")
def list_command() -> None:
    """The exercises: id, title, difficulty, kind, max score."""
    try:
        exercises = api.list_exercises()
    except GraderError as error:
        _fail(error)
    table = Table("id", "title", "difficulty", "kind", "max score")
    for exercise in exercises:
        table.add_row(exercise.id, exercise.title, exercise.difficulty, exercise.kind, f"{exercise.max_score:g}")
    _console().print(table)


@app.command()
def show(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """The prompt, the entry point signature, the checks and their points."""
    try:
        exercise = api.catalog.load_exercise(exercise_id)
    except GraderError as error:
        _fail(error)
    console = _console()
    console.print(Markdown((Path(exercise.folder) / exercise.prompt).read_text(encoding="utf-8")))
    if exercise.entry_point:
        console.print(f"\nEntry point: {exercise.entry_point.signature}", markup=False)
    for check in exercise.checks:
        if check.kind == "quiz":
            console.print(Markdown(_question(check)))
    table = Table("check", "kind", "points", title=f"Checks ({exercise.max_score:g} points)")
    for check in exercise.checks:
        table.add_row(check.title or check.id, check.kind, f"{check.points:g}")
    console.print(table)


def _question(check) -> str:
    code = f"\n```python\n{check.code}```\n" if check.code else ""
    options = "\n".join(f"- **{letter}.** {text}" for letter, text in zip("ABCD", check.options))
    return f"**{check.number}. ({check.difficulty})** {check.question}\n{code}\n{options}\n"


@app.command()
def start(exercise_id: str = typer.Argument(..., metavar="ID"),
          directory: Path = typer.Argument(Path("."), metavar="[DIR]"),
          force: bool = typer.Option(False, "--force", help="overwrite an existing file")) -> None:
    """Copy the exercise's starter file into DIR (default: here), tagged with its id."""
    try:
        target = api.start(exercise_id, directory, force=force)
    except GraderError as error:
        _fail(error)
    _console().print(f"Wrote {target}. Edit it, then run: grader submit {target}", markup=False)


@app.command()
def submit(file: Path = typer.Argument(..., metavar="FILE"),
           exercise: Optional[str] = typer.Option(None, "--exercise", metavar="ID",
                                                  help="the exercise; default: the file's '# exercise: ID' tag"),
           fmt: Format = typer.Option(Format.text, "--format", help="report format"),
           output: Optional[Path] = typer.Option(None, "--output", metavar="PATH",
                                                 help="write the report here; a text summary still goes to stdout"),
           device: Device = typer.Option(Device.auto, "--device", help="where TensorFlow runs in the child"),
           timeout: Optional[float] = typer.Option(None, "--timeout", metavar="S",
                                                   help="wall-time limit in seconds (default: the exercise's)"),
           timeline: Optional[Path] = typer.Option(None, "--timeline", metavar="PATH",
                                                   help="write the throughput timelines as an SVG picture"),
           show_hidden: bool = typer.Option(False, "--show-hidden",
                                            help="instructors: show hidden and after-due checks in full")) -> None:
    """Grade one submission. Exit 0: passed; 1: not passed (or could not run); 2: usage or spec error."""
    from grader.report import render, timeline_svg

    try:
        report = api.submit(file, exercise, device=device.value, timeout_s=timeout)
    except GraderError as error:
        _fail(error)
    if output is None and fmt is Format.gradescope and GRADESCOPE_RESULTS.parent.is_dir():
        output = GRADESCOPE_RESULTS  # where Gradescope's harness reads it
    summary = os.environ.get("GITHUB_STEP_SUMMARY") if fmt is Format.markdown else None
    files = {output: lambda: render(report, fmt.value, show_hidden=show_hidden),
             timeline: lambda: timeline_svg(report)}
    for path, content in files.items():
        if path is None:
            continue
        try:
            path.write_text(content(), encoding="utf-8")
        except OSError as error:
            _fail(GraderError(f"cannot write {path}: {error.strerror}"))
        typer.echo(render(report, "text", color=sys.stdout.isatty(), show_hidden=show_hidden), nl=False)
    else:
        typer.echo(render(report, fmt.value, color=sys.stdout.isatty(), show_hidden=show_hidden), nl=False)
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(render(report, "markdown", show_hidden=show_hidden))
    raise typer.Exit(0 if report.passed else 1)


@app.command("validate")
def validate_command(exercise_ids: Optional[list[str]] = typer.Argument(None, metavar="[ID...]"),
                     workers: Optional[int] = typer.Option(None, "--workers", help="gradings at once")) -> None:
    """Instructor check: specs load, solutions score full marks, starters fail, mutants are caught.

    Exit 0 when everything holds, 1 when anything does not (listed), 2 on a usage error."""
    from grader.validate import validate

    try:
        findings = validate(exercise_ids or None, workers=workers)
    except GraderError as error:
        _fail(error)
    table = Table("exercise", "what", "ok", "detail")
    for finding in findings:
        table.add_row(finding.exercise, finding.subject, "yes" if finding.ok else "NO", finding.detail)
    console = _console()
    console.print(table)
    bad = [f for f in findings if not f.ok]
    console.print(f"{len(bad)} problem(s) in {len(findings)} findings." if bad else
                  f"All {len(findings)} findings hold.", markup=False)
    raise typer.Exit(1 if bad else 0)


@app.command("new")
def new_command(exercise_id: str = typer.Argument(..., metavar="ID")) -> None:
    """Scaffold a new exercise (spec, prompt, starter, solution, a mutant) that validate accepts."""
    from grader.scaffold import new_exercise

    try:
        paths = new_exercise(exercise_id)
    except GraderError as error:
        _fail(error)
    for path in paths:
        typer.echo(f"wrote {path}")
    typer.echo(f"Edit them, then run: grader validate {exercise_id}")


@app.command("grade-all")
def grade_all_command(directory: Path = typer.Argument(..., metavar="DIR"),
                      exercise: str = typer.Option(..., "--exercise", metavar="ID"),
                      workers: Optional[int] = typer.Option(None, "--workers", help="gradings at once (default: cores)"),
                      csv_path: Optional[Path] = typer.Option(None, "--csv", metavar="PATH", help="the gradebook"),
                      json_dir: Optional[Path] = typer.Option(None, "--json-dir", metavar="PATH",
                                                              help="also write each learner's JSON report here"),
                      regrade: bool = typer.Option(False, "--regrade", help="grade unchanged submissions again"),
                      device: Device = typer.Option(Device.auto, "--device"),
                      timeout: Optional[float] = typer.Option(None, "--timeout", metavar="S",
                                                              help="wall-time limit per submission"),
                      scheduler: Optional[str] = typer.Option(
                          None, "--scheduler", metavar="ADDRESS",
                          help="grade on a Dask cluster (tcp://host:port); needs grader[distributed]")) -> None:
    """Grade every submission under DIR (a file or a folder per learner) into a gradebook."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from grader.gradebook import find_submissions, grade_all

    console = _console()
    try:
        total = len(find_submissions(directory, api.catalog.load_exercise(exercise).kind))
        with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, disable=not console.is_terminal) as bar:
            task = bar.add_task("grading", total=total)
            book = grade_all(directory, exercise, workers=workers, csv_path=csv_path, json_dir=json_dir,
                             regrade=regrade, device=device.value, timeout_s=timeout, scheduler=scheduler,
                             progress=lambda learner, row: bar.advance(task))
    except GraderError as error:
        _fail(error)
    table = Table("learner", "score", "passed", "status", title=f"{exercise}: {len(book.rows)} submissions")
    for row in book.rows:
        table.add_row(row.learner, f"{row.score:g}/{row.max_score:g}", "yes" if row.passed else "no",
                      row.status + (f" ({row.error_kind})" if row.error_kind else ""))
    console.print(table)
    if book.reports:
        rates = Table("check", "pass rate", "submissions", title="Checks, most failed first")
        for check_id, rate, seen in book.check_pass_rates():
            rates.add_row(check_id, f"{rate:.0%}", str(seen))
        console.print(rates)
        for kind, count in book.common_errors():
            console.print(f"{count} submission(s) could not run: {kind}", markup=False)
    if book.skipped:
        console.print(f"{len(book.skipped)} unchanged submission(s) kept from {csv_path} (--regrade to grade "
                      "them again).", markup=False)


export_app = typer.Typer(help="Package an exercise for a course platform.", no_args_is_help=True)
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
