"""The throughput check on real pipelines: overlap passes, sequential or misplaced prefetch fails,
patched clocks change nothing measured, and the timeline comes back as data, text and SVG."""

from xml.etree import ElementTree as ET

import pytest

from tests.conftest import by_id, run_cli

pytestmark = pytest.mark.slow

HEAD = "import tensorflow as tf\n\n\ndef fast_pipeline(ds, load):\n"


@pytest.mark.parametrize("body, passes, says", [
    ("ds.map(load).prefetch(tf.data.AUTOTUNE)", True, "overlap from prefetch(AUTOTUNE)"),
    ("ds.map(load, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)", True,
     "overlap from map(parallel=AUTOTUNE), prefetch(AUTOTUNE)"),
    ("ds.map(load)", False, "no overlap: no stage runs in the background"),
    ("ds.prefetch(tf.data.AUTOTUNE).map(load)", False,
     "no overlap: prefetch(AUTOTUNE) comes before the slow stage map, so nothing overlaps"),
])
def test_overlap_verdicts(grade, body, passes, says):
    report = grade(HEAD + f"    return {body}\n", "overlap-slow-pipeline")
    check = by_id(report)["overlap-speedup"]
    assert check.passed is passes, check.message
    assert says in check.message
    assert set(check.timeline) == {"baseline", "learner"}
    assert len(check.timeline["learner"].consumer) == 24


@pytest.mark.parametrize("patch, named", [
    ("import time\n    time.sleep = lambda seconds: None\n    time.perf_counter = lambda: 0.0\n",
     "time.sleep, time.perf_counter"),
    ("tf.data.Dataset.prefetch = lambda self, *a, **k: self\n", "tf.data.Dataset.prefetch"),
])
def test_patching_clocks_or_prefetch_in_the_learners_process_changes_nothing_measured(grade, patch, named):
    """The timing runs in the evaluator, with its own clocks, on the graph the learner's code built."""
    report = grade(HEAD + f"    {patch}    return ds.map(load)\n", "overlap-slow-pipeline")
    assert report.status == "graded" and not report.passed
    check = by_id(report)["overlap-speedup"]
    assert not check.passed and "no overlap: no stage runs in the background" in check.message


def test_text_report_and_svg_show_the_timeline(tmp_path, learner_file):
    path = learner_file(HEAD + "    return ds.map(load).prefetch(tf.data.AUTOTUNE)\n", "overlap-slow-pipeline")
    picture = tmp_path / "overlap.svg"
    result = run_cli("submit", str(path), "--timeline", str(picture))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Timeline of overlap-speedup:" in result.stdout and "  train " in result.stdout
    svg = ET.fromstring(picture.read_text())
    assert svg.tag.endswith("svg") and len(svg.findall("{http://www.w3.org/2000/svg}rect")) >= 4 * 24


@pytest.mark.parametrize("body, passes", [("ds.prefetch(tf.data.AUTOTUNE)", True), ("ds", False)])
def test_with_no_load_parameter_the_delay_sits_at_the_source(add_prefetch_exercise, learner_file, body, passes):
    """load_param: null - the learner's function only gets the (slow) dataset, and must prefetch it."""
    from grader import submit

    exercise = add_prefetch_exercise("prefetch-a-slow-source", """\
        - id: overlap
          kind: throughput
          points: 1
          load_param: null
        """)
    path = learner_file(f"import tensorflow as tf\n\n\ndef add_prefetch(ds):\n    return {body}\n")
    check = by_id(submit(path, exercise))["overlap"]
    assert check.passed is passes, check.message
    assert len(check.timeline["learner"].consumer) == 24
