"""Thin Typer commands: parse, call grader.api, format, exit with the right code.

Imports nothing heavy at module level: ``grader --help`` and ``grader list`` never
load TensorFlow (a test proves it).
"""

from __future__ import annotations

import enum
import json
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


class Device(str, enum.Enum):
    auto = "auto"
    cpu = "cpu"
    gpu = "gpu"


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
                                                   help="write the throughput timelines as an SVG picture")) -> None:
    """Grade one submission. Exit 0: passed; 1: not passed (or could not run); 2: usage or spec error."""
    from grader.report import render, timeline_svg

    try:
        report = api.submit(file, exercise, device=device.value, timeout_s=timeout)
    except GraderError as error:
        _fail(error)
    files = {output: lambda: render(report, fmt.value), timeline: lambda: timeline_svg(report)}
    for path, content in files.items():
        if path is None:
            continue
        try:
            path.write_text(content(), encoding="utf-8")
        except OSError as error:
            _fail(GraderError(f"cannot write {path}: {error.strerror}"))
        typer.echo(render(report, "text", color=sys.stdout.isatty()), nl=False)
    else:
        typer.echo(render(report, fmt.value, color=sys.stdout.isatty()), nl=False)
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


@app.command()
def schema() -> None:
    """Print the JSON Schema of the exercise spec (for editor completion)."""
    from grader.spec import Exercise

    typer.echo(json.dumps(Exercise.model_json_schema(), indent=2))


def main() -> None:
    """Console-script entry point."""
    app()
