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


def test_cli_reports_invalid_spec_with_exit_2(catalog, tmp_path):
    folder = catalog(lambda d: d["checks"][1].update(points="many"))
    result = run_cli("list", env={"GRADER_EXERCISES": str(folder.parent)})
    assert result.returncode == 2
    assert "checks[1].points" in result.stderr and "Traceback" not in result.stderr


def test_schema_is_json_schema_with_check_kinds():
    result = run_cli("schema")
    assert result.returncode == 0
    assert '"stage-order"' in result.stdout and '"discriminator"' in result.stdout
