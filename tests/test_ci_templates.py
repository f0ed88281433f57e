"""The example CI workflows in docs/ are valid YAML and call grader commands that exist."""

import shlex
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from grader.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs"


def _grader_calls(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _grader_calls(value)
    elif isinstance(node, list):
        for value in node:
            yield from _grader_calls(value)
    elif isinstance(node, str):
        for line in node.splitlines():
            if line.strip().startswith("grader "):
                yield shlex.split(line.split(">")[0])[1:]


@pytest.mark.parametrize("name", ["github-actions.yml", "gitlab-ci.yml"])
def test_workflow_is_yaml_calling_real_commands(name):
    workflow = yaml.safe_load((DOCS / name).read_text())
    calls = list(_grader_calls(workflow))
    assert calls, "the workflow never runs grader"
    for args in calls:
        result = CliRunner().invoke(app, [args[0], "--help"])
        assert result.exit_code == 0, (args, result.output)
        options = [a.split("=")[0] for a in args if a.startswith("--")]
        for option in options:
            assert option in result.output, (option, args)
