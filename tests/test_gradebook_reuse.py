"""When grade-all may reuse an old grade: same submission, exercise, spec and grader version.

The gradings themselves are replaced by a stub here (no child process): what is tested is
which learners are graded again and what the CSV records."""

import csv
import os
import shutil

import pytest

from grader import gradebook
from grader.catalog import exercises_root
from grader.gradebook import COLUMNS, grade_all, spec_hash
from grader.report.model import Isolation, Report
from tests.conftest import SOLUTIONS


@pytest.fixture
def graded(monkeypatch):
    """Replace the gradings by a stub that records which learners it was asked to grade."""
    calls: list[list[str]] = []

    def fake(todo, exercise_id, *args):
        calls.append(sorted(todo))
        for learner in todo:
            yield learner, Report(exercise=exercise_id, submission=f"{learner}.py", status="graded", passed=True,
                                  score=1.0, max_score=1.0, device="CPU", duration_s=0.1,
                                  isolation=Isolation(tier="stub", network="off"), checks=[])

    monkeypatch.setattr(gradebook, "_graded", fake)
    return calls


@pytest.fixture
def catalog(tmp_path, monkeypatch):
    """A private catalog with two pipeline exercises, so that specs can be edited."""
    root = tmp_path / "catalog"
    for exercise_id in ("prefetch-basics", "batch-then-prefetch"):
        shutil.copytree(exercises_root() / exercise_id, root / exercise_id)
    monkeypatch.setenv("GRADER_EXERCISES", str(root))
    return root


@pytest.fixture
def classroom(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "prefetch-basics.py", folder / "alice.py")
    shutil.copy(SOLUTIONS / "batch-then-prefetch.py", folder / "bob.py")
    return folder


def rows(path):
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_csv_records_exercise_spec_hash_and_grader_version(graded, catalog, classroom, tmp_path):
    from grader import __version__

    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    table = rows(book)
    assert list(table[0]) == COLUMNS
    assert {r["exercise"] for r in table} == {"prefetch-basics"}
    assert {r["spec_hash"] for r in table} == {spec_hash(catalog / "prefetch-basics")}
    assert {r["grader_version"] for r in table} == {__version__}


def test_unchanged_is_reused_and_regrade_still_forces(graded, catalog, classroom, tmp_path):
    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    again = grade_all(classroom, "prefetch-basics", csv_path=book)
    assert sorted(again.skipped) == ["alice", "bob"] and graded == [["alice", "bob"], []]
    forced = grade_all(classroom, "prefetch-basics", csv_path=book, regrade=True)
    assert forced.skipped == [] and graded[-1] == ["alice", "bob"]


def test_another_exercise_grades_again(graded, catalog, classroom, tmp_path):
    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    other = grade_all(classroom, "batch-then-prefetch", csv_path=book)
    assert other.skipped == [] and graded[-1] == ["alice", "bob"]
    assert {r["exercise"] for r in rows(book)} == {"batch-then-prefetch"}


@pytest.mark.parametrize("edit", ["points", "prompt"])
def test_a_changed_spec_grades_again(graded, catalog, classroom, tmp_path, edit):
    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    before = spec_hash(catalog / "prefetch-basics")
    if edit == "points":
        spec = catalog / "prefetch-basics" / "exercise.yaml"
        spec.write_text(spec.read_text().replace("points: 2\n", "points: 3\n", 1))
    else:
        (catalog / "prefetch-basics" / "prompt.md").write_text("A new prompt.\n")
    assert spec_hash(catalog / "prefetch-basics") != before
    again = grade_all(classroom, "prefetch-basics", csv_path=book)
    assert again.skipped == [] and graded[-1] == ["alice", "bob"]


def test_another_grader_version_grades_again(graded, catalog, classroom, tmp_path, monkeypatch):
    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    monkeypatch.setattr(gradebook, "grader_version", lambda: "99.0.0")
    again = grade_all(classroom, "prefetch-basics", csv_path=book)
    assert again.skipped == [] and {r["grader_version"] for r in rows(book)} == {"99.0.0"}


def test_an_old_gradebook_without_the_new_columns_is_not_trusted(graded, catalog, classroom, tmp_path):
    book = tmp_path / "grades.csv"
    grade_all(classroom, "prefetch-basics", csv_path=book)
    old = [{k: v for k, v in r.items() if k not in ("exercise", "spec_hash", "grader_version")} for r in rows(book)]
    with book.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(old[0]))
        writer.writeheader()
        writer.writerows(old)
    again = grade_all(classroom, "prefetch-basics", csv_path=book)
    assert again.skipped == []


@pytest.mark.parametrize("name, cell", [
    (b"plain", "plain"),
    (b"Zo\xc3\xab", "Zoë"),  # any script is kept
    (b"bad\xff\xfe", "bad\\xff\\xfe"),  # bytes that are not UTF-8
    (b"back\\slash", "back\\\\slash"),  # so that a real backslash never reads as an escaped byte
    (b"new\nline\x1b[31m", "new\\u000aline\\u001b[31m"),  # control characters (a terminal's escapes too)
    (b'=HYPERLINK("http:x","y")', "'=HYPERLINK(\"http:x\",\"y\")"),
    (b"+1+cmd", "'+1+cmd"),
    (b"-2+3", "'-2+3"),
    (b"@SUM(A1)", "'@SUM(A1)"),
    (b"  =1+1", "'  =1+1"),
    ("\uff1d1+1".encode(), "'\uff1d1+1"),  # a full-width equals sign
    (b"'already", "''already"),  # so that one apostrophe read back off always gives the id
    (b"a=b", "a=b"),
])
def test_a_learner_id_is_written_as_safe_text_and_matched_again(graded, catalog, tmp_path, name, cell):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "prefetch-basics.py", folder / os.fsdecode(name + b".py"))
    book = tmp_path / "grades.csv"
    first = grade_all(folder, "prefetch-basics", csv_path=book)
    assert [r["learner"] for r in rows(book)] == [cell]
    learner = cell.removeprefix("'")  # the id: the cell without the one apostrophe added
    assert [row.learner for row in first.rows] == list(first.reports) == [learner]
    again = grade_all(folder, "prefetch-basics", csv_path=book)
    assert again.skipped == [learner] and graded[-1] == []
    assert [r["learner"] for r in rows(book)] == [cell]


def test_two_names_never_share_a_learner_id():
    names = ["a\\xff", os.fsdecode(b"a\xff"), "a\x85", os.fsdecode(b"a\x85"), "=x", "'=x", "''=x", "a\\u000a", "a\n"]
    cells = [gradebook.csv_cell(gradebook.learner_id(name)) for name in names]
    assert len(set(cells)) == len(names)
    assert all(gradebook.from_csv_cell(c) == gradebook.learner_id(n) for c, n in zip(cells, names))
