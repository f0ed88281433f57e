"""Forged grades (tests/forgery/, one attempt each): a submission that monkeypatches what the grader
used to call, lies about its graph, replays cached elements, hogs the CPU while the grader times,
fakes a training run or hides Python or file access in its pipeline scores what its real pipeline
deserves, never more.

Each file's header says what must hold: ``# fails: A, B`` (those checks fail, the submission does
not pass), ``# passes: all``, ``# error: KIND`` (an error report of that kind), and ``# secret-free
output`` (nothing of the grading plan reaches what the submission printed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from grader import submit

pytestmark = pytest.mark.slow

FORGERY = Path(__file__).parent / "forgery"
_PLAN_WORDS = ("range5-output", "prefetch-autotune", '"probes": [', "'probes': [", "Dataset.range(100)")


def _header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text().splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(":")
        fields[key.strip()] = value.strip()
    return fields


@pytest.fixture(scope="module")
def zygote():
    """One warm zygote for the module (where the namespace tier holds), as grade-all grades: a warm
    child is confined as a cold one and skips the TensorFlow import. (tests/test_confinement.py
    attacks cold children, as `grader submit` starts them.)"""
    from grader.sandbox.runner import warm_workers

    with warm_workers() as started:
        yield started


@pytest.mark.parametrize("path", sorted(FORGERY.glob("*.py")), ids=lambda p: p.stem)
def test_a_forgery_scores_what_its_real_pipeline_deserves(path, zygote):
    header = _header(path)
    report = submit(path, header["exercise"], timeout_s=120, zygote=zygote)
    results = {check.id: check for check in report.checks}
    if "error" in header:
        assert report.status == "error" and report.error.kind == header["error"], report.error
        assert report.score == 0 and not report.passed
    if "fails" in header:
        assert report.status == "graded", report.error
        assert not report.passed
        for check_id in header["fails"].split(", "):
            assert not results[check_id].passed, (check_id, results[check_id].message)
    if header.get("passes") == "all":
        assert report.status == "graded" and report.passed, [(c.id, c.message) for c in report.checks]
    if "secret-free output" in header:
        printed = report.output.stdout + report.output.stderr
        assert "FOUND" in printed
        assert not [word for word in _PLAN_WORDS if word in printed], printed[:2000]
