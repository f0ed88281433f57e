"""Property checks: each wrong pipeline the issue names fails on a small generated input, shown as
code; right ones pass; the same submission gets identical results on every run."""

import pytest

from tests.conftest import SOLUTIONS, by_id

pytestmark = pytest.mark.slow

PREFETCH = "import tensorflow as tf\n\n\ndef add_prefetch(ds):\n    return {}\n"
BATCH = "import tensorflow as tf\n\n\ndef batch_and_prefetch(ds, batch_size):\n    return {}\n"


@pytest.mark.parametrize("template, body, exercise, check, says", [
    (PREFETCH, "tf.data.Dataset.range(5).prefetch(tf.data.AUTOTUNE)", "prefetch-basics", "any-dataset",
     "yields elements of type int64; expected int32"),
    (PREFETCH, "ds.take(20).prefetch(tf.data.AUTOTUNE)", "prefetch-basics", "any-dataset",
     "(20 elements); expected [0, 0, 0, 0, 0, 0, 0, 0, ...] (21). Did a take() or filter() cut it short?"),
    (PREFETCH, "ds.map(lambda x: x).prefetch(tf.data.AUTOTUNE)", "prefetch-basics", "any-dataset",
     "takes 1 positional argument but 2 were given"),
    (PREFETCH, "ds.map(lambda *x: tf.nest.map_structure(lambda t: tf.cast(t, tf.float32) if t.dtype.is_integer "
               "else t, x if len(x) > 1 else x[0])).prefetch(tf.data.AUTOTUNE)", "prefetch-basics", "any-dataset",
     "yields elements of type float32; expected int32"),
    (BATCH, "ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)", "batch-then-prefetch",
     "any-dataset-any-size", "yielded [] (0 elements); expected"),
    (BATCH, "ds.batch(2).prefetch(tf.data.AUTOTUNE)", "batch-then-prefetch", "any-dataset-any-size",
     "batch_size=1"),
])
def test_wrong_pipelines_fail_with_a_small_runnable_counterexample(grade, template, body, exercise, check, says):
    result = by_id(grade(template.format(body), exercise))[check]
    assert not result.passed
    assert says in result.message, result.message
    assert result.message.startswith("A generated input breaks it: ")
    assert "from_tensor_slices(" in result.counterexample
    assert result.counterexample.startswith("import tensorflow as tf\n\nfor element in ")
    assert len(result.counterexample) < 600  # shrunk: a small input, not a 40-element one


@pytest.mark.parametrize("exercise", ["prefetch-basics", "batch-then-prefetch", "shuffle-batch-map-prefetch",
                                      "overlap-slow-pipeline"])
def test_solutions_hold_and_results_repeat_exactly(exercise):
    from grader import submit

    first = submit(SOLUTIONS / f"{exercise}.py")
    properties = [c for c in first.checks if c.kind == "property"]
    assert properties and all(c.passed for c in properties), [c.message for c in properties]
    if exercise == "prefetch-basics":
        again = submit(SOLUTIONS / f"{exercise}.py")
        assert [c.model_dump_json() for c in again.checks if c.kind == "property"] == \
            [c.model_dump_json() for c in properties]


def test_failing_results_repeat_exactly(grade):
    code = PREFETCH.format("ds.take(20).prefetch(tf.data.AUTOTUNE)")
    first, second = grade(code, "prefetch-basics"), grade(code, "prefetch-basics")
    assert by_id(first)["any-dataset"].model_dump_json() == by_id(second)["any-dataset"].model_dump_json()
