"""grade-all on a class with right, wrong, crashing and timing-out submissions."""

import csv
import json
import os
import shutil

import pytest

from grader import submit
from grader.gradebook import find_submissions, grade_all
from tests.conftest import ROOT, SOLUTIONS, run_cli

pytestmark = pytest.mark.slow
TIMEOUT_S = 25  # generous: CI runs this beside other gradings on 2 cores


@pytest.fixture
def classroom(tmp_path):
    folder = tmp_path / "class"
    folder.mkdir()
    shutil.copy(SOLUTIONS / "batch-then-prefetch.py", folder / "alice.py")
    shutil.copy(ROOT / "examples" / "wrong.py", folder / "bob.py")
    (folder / "carol").mkdir()
    (folder / "carol" / "exercise.py").write_text("def batch_and_prefetch(ds, batch_size):\n    while True:\n"
                                                  "        pass\n")
    (folder / "carol" / "notes.txt").write_text("not a submission")
    (folder / "dave.py").write_text("import os\nos._exit(3)\n")
    (folder / "erin.py").write_text("def batch_and_prefetch(ds, batch_size):\n"
                                    "    return ds.batch(batch_size, drop_remainder=True)\n")
    return folder


def test_finds_files_and_folders(classroom):
    found = find_submissions(classroom, "pipeline")
    assert list(found) == ["alice", "bob", "carol", "dave", "erin"]
    assert found["carol"].name == "exercise.py"


def test_gradebook_matches_submit_and_reruns_skip(classroom, tmp_path):
    book_path, reports = tmp_path / "grades.csv", tmp_path / "reports"
    result = run_cli("grade-all", str(classroom), "--exercise", "batch-then-prefetch", "--csv", str(book_path),
                     "--json-dir", str(reports), "--workers", "2", "--timeout", str(TIMEOUT_S))
    assert result.returncode == 0, result.stderr
    assert "Checks, most failed first" in result.stdout
    with book_path.open() as handle:
        rows = {row["learner"]: row for row in csv.DictReader(handle)}
    assert {name: (row["score"], row["status"], row["error_kind"]) for name, row in rows.items()} == {
        "alice": ("10", "graded", ""), "bob": ("3", "graded", ""), "carol": ("0", "error", "timeout"),
        "dave": ("0", "error", "crash"), "erin": ("1", "graded", "")}
    for learner in ("alice", "bob", "erin"):  # a warm worker's child finds what a cold child finds, word for word
        alone = submit(classroom / f"{learner}.py", "batch-then-prefetch")
        warm = json.loads((reports / f"{learner}.json").read_text())
        assert warm["score"] == alone.score
        assert warm["checks"] == [check.model_dump(mode="json") for check in alone.checks]
    again = grade_all(classroom, "batch-then-prefetch", csv_path=book_path, timeout_s=TIMEOUT_S)
    assert sorted(again.skipped) == ["alice", "bob", "carol", "dave", "erin"] and not again.reports
    (classroom / "bob.py").write_text((SOLUTIONS / "batch-then-prefetch.py").read_text())
    changed = grade_all(classroom, "batch-then-prefetch", csv_path=book_path, timeout_s=TIMEOUT_S)
    assert list(changed.reports) == ["bob"] and changed.reports["bob"].passed


def test_a_dask_cluster_grades_the_same(classroom, tmp_path):
    distributed = pytest.importorskip("distributed")
    shutil.rmtree(classroom / "carol")  # keep the cluster run short: no timeout to wait for
    (classroom / "erin.py").unlink()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        book = grade_all(classroom, "batch-then-prefetch", scheduler=cluster.scheduler_address, timeout_s=TIMEOUT_S,
                         csv_path=tmp_path / "grades.csv")
    scores = {row.learner: (row.score, row.status, row.error_kind) for row in book.rows}
    assert scores == {"alice": (10, "graded", ""), "bob": (3, "graded", ""), "dave": (0, "error", "crash")}
    assert book.reports["alice"].isolation == submit(classroom / "alice.py", "batch-then-prefetch").isolation


def test_a_learner_folder_with_nothing_clear_to_grade_gets_a_row_saying_why(tmp_path):
    folder = tmp_path / "class"
    (folder / "fay").mkdir(parents=True)
    (folder / "fay" / "helpers.py").write_text("X = 1\n")
    (folder / "fay" / "mine.py").write_text("Y = 2\n")
    (folder / "gus").mkdir()
    (folder / "gus" / "notes.txt").write_text("nothing here\n")
    (folder / "hal").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "exercise.py").write_text("Z = 3\n")
    (folder / "hal" / "work").symlink_to(tmp_path / "elsewhere")
    book = grade_all(folder, "batch-then-prefetch", csv_path=tmp_path / "grades.csv")
    rows = {row.learner: row for row in book.rows}
    assert set(rows) == {"fay", "gus", "hal"} and all(row.score == 0 for row in rows.values())
    assert {learner: report.error.kind for learner, report in book.reports.items()} == \
        dict.fromkeys(("fay", "gus", "hal"), "missing-entry-point")
    assert "2 files that could be the submission (helpers.py, mine.py)" in book.reports["fay"].error.message
    assert "name the one to grade exercise.py" in book.reports["fay"].error.message
    assert "holds no file to grade" in book.reports["gus"].error.message
    assert "linked folder (work)" in book.reports["hal"].error.message


def test_any_learner_name_is_written_safely_and_found_again(tmp_path):
    """A file name that is not UTF-8 (an LMS export, an unzip) made writing the CSV raise half-way
    (a traceback, a truncated gradebook); an id like ``=HYPERLINK(...)`` was written as a formula."""
    folder = tmp_path / "class"
    folder.mkdir()
    solution = (SOLUTIONS / "prefetch-basics.py").read_bytes()
    for name in (b"ok.py", b"bad\xff\xfe.py", b'=HYPERLINK("http:","x").py', b"@SUM(1+1).py", b"'quoted.py"):
        (folder / os.fsdecode(name)).write_bytes(solution)
    book_path, reports = tmp_path / "grades.csv", tmp_path / "reports"
    result = run_cli("grade-all", str(folder), "--exercise", "prefetch-basics", "--csv", str(book_path),
                     "--json-dir", str(reports), "--workers", "2", "--timeout", str(TIMEOUT_S))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "bad\\xff\\xfe" in result.stdout
    text = book_path.read_text(encoding="utf-8")  # the whole CSV is UTF-8 text
    with book_path.open(newline="", encoding="utf-8") as handle:
        rows = {row["learner"]: (row["score"], row["status"]) for row in csv.DictReader(handle)}
    assert rows == dict.fromkeys(["ok", "bad\\xff\\xfe", "'=HYPERLINK(\"http:\",\"x\")", "'@SUM(1+1)", "''quoted"],
                                 ("10", "graded")), text
    assert not any(line.startswith(("=", "+", "-", "@")) for line in text.splitlines())
    report = json.loads((reports / os.fsdecode(b"bad\xff\xfe.json")).read_text(encoding="utf-8"))
    assert report["submission"] == "bad\\xff\\xfe.py" and report["score"] == 10
    again = grade_all(folder, "prefetch-basics", csv_path=book_path, timeout_s=TIMEOUT_S)  # each one found again
    assert sorted(again.skipped) == ["'quoted", "=HYPERLINK(\"http:\",\"x\")", "@SUM(1+1)", "bad\\xff\\xfe", "ok"]
    assert not again.reports and book_path.read_text(encoding="utf-8") == text
