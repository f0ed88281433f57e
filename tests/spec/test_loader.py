"""A broken spec names the file, the field and the problem; the CLI exits 2 without a traceback."""

from __future__ import annotations

import shutil

import pytest
import yaml

from grader.catalog import exercises_root
from grader.errors import SpecError
from grader.spec import load_spec
from tests.conftest import run_cli


@pytest.fixture
def catalog(tmp_path):
    """A private copy of prefetch-basics whose spec a test can break."""
    folder = tmp_path / "prefetch-basics"
    shutil.copytree(exercises_root() / "prefetch-basics", folder)

    def edit(change):
        data = yaml.safe_load((folder / "exercise.yaml").read_text())
        change(data)
        (folder / "exercise.yaml").write_text(yaml.safe_dump(data))
        return folder

    return edit


def _problems(folder) -> str:
    with pytest.raises(SpecError) as caught:
        load_spec(folder)
    assert str(folder / "exercise.yaml") in str(caught.value)
    return "\n".join(caught.value.problems)


def test_every_catalog_spec_loads():
    for folder in exercises_root().iterdir():
        if (folder / "exercise.yaml").exists():
            assert load_spec(folder).id == folder.name


def test_negative_points_names_the_field(catalog):
    folder = catalog(lambda d: d["checks"][1].update(points=-1))
    assert "checks[1].points: Input should be greater than 0 (got -1)" in _problems(folder)


def test_unknown_check_kind_lists_the_known_ones(catalog):
    folder = catalog(lambda d: d["checks"][0].update(kind="speed"))
    problems = _problems(folder)
    assert "checks[0]" in problems and "'equivalence'" in problems and "'stage-order'" in problems


def test_bad_expression_is_caught_at_load(catalog):
    folder = catalog(lambda d: d["checks"][0].update(expected="ds.batch(2"))
    assert "checks[0].expected: not a valid Python expression" in _problems(folder)


def test_constraint_on_unlisted_stage(catalog):
    def change(data):
        order = next(c for c in data["checks"] if c["kind"] == "stage-order")
        order.update(before=[["batch", "prefetch"]])

    folder = catalog(change)
    assert "not listed in stages: ['batch']" in _problems(folder)


def test_argument_that_is_not_a_parameter(catalog):
    folder = catalog(lambda d: d["example"].update(args={"batch_size": 2}))
    assert "call arguments ['batch_size'] are not parameters" in _problems(folder)


def test_missing_field_and_unknown_field(catalog):
    folder = catalog(lambda d: (d.pop("title"), d.update(colour="red")))
    problems = _problems(folder)
    assert "title: Field required" in problems
    assert "colour: Extra inputs are not permitted" in problems


def test_id_must_match_folder_and_files_must_exist(catalog):
    folder = catalog(lambda d: d.update(id="other-id", starter="missing.py"))
    problems = _problems(folder)
    assert "id: 'other-id' must match its folder name" in problems
    assert "starter: file 'missing.py' not found" in problems


def test_yaml_syntax_error_has_line(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "exercise.yaml").write_text("id: broken\nchecks: [\n")
    assert "not valid YAML" in _problems(folder)


def _line(folder, text: str, after: int = 0) -> int:
    """The 1-based number of the first line of the spec, past line ``after``, that contains ``text``."""
    lines = (folder / "exercise.yaml").read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if i > after and text in line)


def test_problems_carry_the_line_of_the_field(catalog):
    folder = catalog(lambda d: d["checks"][1].update(points=-1))
    second = _line(folder, "- ", after=_line(folder, "- ", after=_line(folder, "checks:")))
    points = _line(folder, "points: -1")
    assert points > second
    assert f"line {points}: checks[1].points: Input should be greater than 0" in _problems(folder)


def test_unknown_and_missing_fields_have_lines(catalog):
    folder = catalog(lambda d: (d["checks"][0].pop("points"), d.update(colour="red")))
    problems = _problems(folder)
    assert f"line {_line(folder, 'colour: red')}: colour: Extra inputs are not permitted" in problems
    first = _line(folder, "- ", after=_line(folder, "checks:"))
    assert f"line {first}: checks[0].points: Field required" in problems  # the check that lacks it


def test_model_level_problem_points_at_its_mapping(catalog):
    folder = catalog(lambda d: d["checks"][0].update(shuffled=True))
    first = _line(folder, "- ", after=_line(folder, "checks:"))
    assert f"line {first}: checks[0]: shuffled: true needs match" in _problems(folder)


def test_id_mismatch_has_a_line(catalog):
    folder = catalog(lambda d: d.update(id="other-id"))
    assert f"line {_line(folder, 'id: other-id')}: id: 'other-id' must match" in _problems(folder)


def test_cli_reports_invalid_spec_with_exit_2(catalog, tmp_path):
    folder = catalog(lambda d: d["checks"][1].update(points="many"))
    result = run_cli("show", "prefetch-basics", env={"GRADER_EXERCISES": str(folder.parent)})
    assert result.returncode == 2
    assert "checks[1].points" in result.stderr and "Traceback" not in result.stderr
    listed = run_cli("list", env={"GRADER_EXERCISES": str(folder.parent)})
    assert listed.returncode == 0 and "BROKEN" in listed.stdout and "checks[1].points" in listed.stderr


def test_schema_is_json_schema_with_check_kinds():
    result = run_cli("schema")
    assert result.returncode == 0
    assert '"stage-order"' in result.stdout and '"discriminator"' in result.stdout
