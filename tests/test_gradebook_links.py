"""Symbolic links are never followed: a learner's file that is a link (to the instructor's solution,
a classmate's file, any readable file) or that resolves outside the learner's folder is that
learner's error report, and nothing of its target is read. Real folders, real commands."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from tests.conftest import SOLUTIONS, run_cli

SECRET = "API_TOKEN=sk_live_FAKE_SECRET_123"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "instructor" / "secret.env"
    path.parent.mkdir()
    path.write_text(SECRET + "\n")
    return path


def _class(folder, exercise_id, name, secret):
    """The red team's class: links to the solution, to a classmate, to a secret; a linked folder; a
    folder with a linked sub-folder; a learner's single file that is a link; and alice, whose work
    is her own."""
    solution = SOLUTIONS / f"{exercise_id}{Path(name).suffix}"
    for learner in ("alice", "mallory", "eve", "trudy", "grace"):
        (folder / learner).mkdir(parents=True)
    shutil.copy(solution, folder / "alice" / name)
    (folder / "mallory" / name).symlink_to(solution)
    (folder / "eve" / name).symlink_to(f"../alice/{name}")
    (folder / "trudy" / name).symlink_to(secret)
    (folder / "frank").symlink_to(folder / "alice")  # a whole folder that is someone else's
    elsewhere = secret.parent / "work"
    elsewhere.mkdir()
    shutil.copy(solution, elsewhere / name)
    (folder / "grace" / "work").symlink_to(elsewhere)  # inside grace's folder, a link out of it
    (folder / f"ivan{Path(name).suffix}").symlink_to(secret)  # one file per learner, that file a link


@pytest.mark.parametrize("exercise_id, name", [
    ("prefetch-quiz", "answers.yaml"),
    pytest.param("iris-input-pipeline", "exercise.py", marks=pytest.mark.slow),  # alice's file runs
])
def test_grade_all_refuses_links_as_each_learners_error(tmp_path, secret, exercise_id, name):
    folder = tmp_path / "class"
    _class(folder, exercise_id, name, secret)
    done = run_cli("grade-all", str(folder), "--exercise", exercise_id, "--csv", str(tmp_path / "book.csv"),
                   "--json-dir", str(tmp_path / "reports"), env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    with (tmp_path / "book.csv").open() as book:
        rows = {row["learner"]: row for row in csv.DictReader(book)}
    assert rows["alice"]["score"] == "10" and rows["alice"]["sha256"]
    linked = ["eve", "frank", "ivan", "mallory", "trudy"]
    assert sorted(rows) == sorted(["alice", "grace", *linked])
    assert rows["grace"]["score"] == "0" and rows["grace"]["error_kind"] == "missing-entry-point"
    grace = json.loads((tmp_path / "reports" / "grace.json").read_text())["error"]["message"]
    assert "only a linked folder (work), which the grader does not follow" in grace  # not searched, not read
    for learner in linked:
        assert rows[learner]["score"] == "0" and rows[learner]["error_kind"] == "tampering", rows[learner]
        assert rows[learner]["sha256"] == ""  # never read
        report = json.loads((tmp_path / "reports" / f"{learner}.json").read_text())
        assert report["isolation"]["tier"] == "no code run" and "\n" not in report["error"]["message"]
    says = {learner: json.loads((tmp_path / "reports" / f"{learner}.json").read_text())["error"]["message"]
            for learner in linked}
    assert says["mallory"] == (f"{name} is a symbolic link, and the grader does not follow links (it could name "
                               "someone else's file): submit the file itself")
    assert says["frank"] == f"{name} lies outside the learner's folder (through a linked folder); it was not read"
    assert says["eve"] == says["trudy"] == says["mallory"] != says["ivan"]
    assert SECRET not in done.stdout + done.stderr + "".join(p.read_text() for p in (tmp_path / "reports").iterdir())


@pytest.mark.parametrize("suffix", [".py", ".ipynb"])
def test_submit_refuses_a_link_without_reading_it(tmp_path, secret, suffix):
    target = tmp_path / f"solution{suffix}"
    code = (SOLUTIONS / "prefetch-basics.py").read_text()
    target.write_text(code if suffix == ".py" else nbformat.writes(nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(code)])))
    (tmp_path / f"exercise{suffix}").symlink_to(target)
    done = run_cli("submit", f"exercise{suffix}", "--exercise", "prefetch-basics", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert report["score"] == 0 and report["error"] == {
        "kind": "tampering", "message": f"exercise{suffix} is a symbolic link, and the grader does not follow links "
                                        "(it could name someone else's file): submit the file itself"}
    (tmp_path / "leak.py").symlink_to(secret)
    untagged = run_cli("submit", "leak.py", cwd=tmp_path)  # no --exercise: the tag is not read through it
    assert untagged.returncode == 2 and untagged.stdout == ""
    assert untagged.stderr == ("error: leak.py is a symbolic link, and the grader does not follow links (it could "
                               "name someone else's file): submit the file itself\n")
