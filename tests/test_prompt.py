"""The "How it is graded" part of a prompt comes from the spec (grader.prompt), never from prompt.md."""

from __future__ import annotations

import shutil

import pytest
from typer.testing import CliRunner

from grader import catalog
from grader.catalog import exercises_root
from grader.cli import app
from grader.prompt import grading_section, handwritten_section, prompt_text

IDS = catalog.exercise_ids()


@pytest.fixture(autouse=True)
def own_environment(monkeypatch):
    """--exercises sets GRADER_EXERCISES in this process: undo it after each test."""
    monkeypatch.setenv("GRADER_EXERCISES", "unset")
    monkeypatch.delenv("GRADER_EXERCISES")


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_prompt_writes_its_own_grading_section(exercise_id):
    exercise = catalog.load_exercise(exercise_id)
    text = prompt_text(exercise)
    assert not handwritten_section(text), f"{exercise_id}/prompt.md: delete its 'How it is graded' section"
    assert "how it is graded" not in text.lower()


@pytest.mark.parametrize("exercise_id", IDS)
def test_show_lists_each_visible_check_with_its_points(exercise_id):
    exercise = catalog.load_exercise(exercise_id)
    result = CliRunner().invoke(app, ["show", exercise_id], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    shown = result.output
    assert f"How it is graded ({exercise.max_score:g} points)" in shown
    assert shown.index(prompt_text(exercise).splitlines()[0].lstrip("# ")) < shown.index("How it is graded")
    for check in exercise.checks:
        assert check.visibility == "visible"
        unit = "point" if check.points == 1 else "points"
        assert f"{check.title or check.id} ({check.points:g} {unit})" in shown


def test_hidden_and_after_due_checks_show_only_their_points():
    exercise = catalog.load_exercise("prefetch-basics")
    first = exercise.checks[0].model_copy(update={"visibility": "hidden"})
    second = exercise.checks[1].model_copy(update={"visibility": "after_due"})
    exercise = exercise.model_copy(update={"checks": [first, second, *exercise.checks[2:]]})
    section = grading_section(exercise)
    assert first.title not in section and second.title not in section
    assert f"- `{first.id}`: (hidden check) ({first.points:g} point" in section
    assert section.count("(hidden check)") == 2
    assert exercise.checks[2].title in section


def test_handwritten_section_is_recognised():
    assert handwritten_section("# Task\n\n## How it is graded (10 points)\n- x (5)\n")
    assert handwritten_section("### how it is graded\n")
    assert not handwritten_section("# Task\n\nWe grade how it is graded elsewhere.\n")


def test_validate_flags_a_handwritten_grading_section(tmp_path):
    from grader.validate import _prompt

    shutil.copytree(exercises_root() / "prefetch-basics", tmp_path / "prefetch-basics")
    exercise = catalog.load_exercise("prefetch-basics")
    assert _prompt(exercise).ok
    prompt = tmp_path / "prefetch-basics" / "prompt.md"
    prompt.write_text(prompt.read_text() + "\n## How it is graded (10 points)\n- prefetch is last (5)\n")
    exercise = exercise.model_copy(deep=True)
    exercise._folder = str(tmp_path / "prefetch-basics")
    finding = _prompt(exercise)
    assert not finding.ok and "How it is graded" in finding.detail
