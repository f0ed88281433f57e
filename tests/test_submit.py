"""Real submissions graded in child processes: each check kind fails a wrong one, with its message;
broken submissions become error reports; grades are deterministic."""

import pytest

from tests.conftest import by_id

pytestmark = pytest.mark.slow


def test_take_fails_equivalence_with_what_came(grade):
    report = grade("""
        import tensorflow as tf
        def add_prefetch(ds):
            return ds.take(3).prefetch(tf.data.AUTOTUNE)
        """, "prefetch-basics")
    checks = by_id(report)
    assert not report.passed and report.status == "graded"
    assert not checks["range5-output"].passed
    assert ("add_prefetch(tf.data.Dataset.range(5)) yielded [0, 1, 2] (3 elements); expected [0, 1, 2, 3, 4] (5)"
            in checks["range5-output"].message)
    assert checks["range5-output"].hint.startswith("Prefetching never changes the data")
    assert checks["prefetch-last"].passed and checks["prefetch-autotune"].passed


def test_hard_coded_range5_fails_the_other_inputs(grade):
    report = grade("""
        import tensorflow as tf
        def add_prefetch(ds):
            return tf.data.Dataset.range(5).prefetch(tf.data.AUTOTUNE)
        """, "prefetch-basics")
    checks = by_id(report)
    assert checks["range5-output"].passed
    assert not checks["long-input"].passed and not checks["tuple-input"].passed and not checks["empty-input"].passed
    assert "yields elements of type int64; expected (int32, string)" in checks["tuple-input"].message


def test_prefetch_before_batch_fails_stage_order_with_the_lesson_fix(grade):
    report = grade("""
        import tensorflow as tf
        def batch_and_prefetch(ds, batch_size):
            return ds.prefetch(tf.data.AUTOTUNE).batch(batch_size)
        """, "batch-then-prefetch")
    checks = by_id(report)
    assert checks["range10-by-2"].passed and checks["short-last-batch"].passed
    order = checks["batch-before-prefetch"]
    assert not order.passed and order.score == 0
    assert order.message.startswith("prefetch (stage 1) comes before batch: prefetch before batch prefetches single")
    assert "Your pipeline: prefetch(AUTOTUNE) -> batch(2)" in order.message


def test_fixed_buffer_and_prefetch_zero_fail_autotune(grade):
    fixed = grade("""
        def batch_and_prefetch(ds, batch_size):
            return ds.batch(batch_size).prefetch(2)
        """, "batch-then-prefetch")
    assert by_id(fixed)["batch-before-prefetch"].passed
    assert "prefetch uses a fixed buffer_size of 2" in by_id(fixed)["prefetch-autotune"].message
    zero = grade("""
        def add_prefetch(ds):
            return ds.prefetch(0)
        """, "prefetch-basics")
    assert "prefetch(0) does nothing" in by_id(zero)["prefetch-last"].message
    assert not by_id(zero)["prefetch-autotune"].passed


def test_ignored_batch_size_and_drop_remainder_fail(grade):
    report = grade("""
        import tensorflow as tf
        def batch_and_prefetch(ds, batch_size):
            return ds.batch(2, drop_remainder=True).prefetch(tf.data.AUTOTUNE)
        """, "batch-then-prefetch")
    checks = by_id(report)
    assert checks["range10-by-2"].passed
    assert "element 0 is [0, 1]; expected [0, 1, 2]" in checks["short-last-batch"].message


def test_exception_on_one_input_fails_that_check_only(grade):
    report = grade("""
        import tensorflow as tf
        def add_prefetch(ds):
            return ds.map(lambda x: x).prefetch(tf.data.AUTOTUNE)
        """, "prefetch-basics")
    checks = by_id(report)
    assert report.status == "graded" and checks["range5-output"].passed
    assert not checks["tuple-input"].passed
    assert "exercise.py, line 4, in add_prefetch" in checks["tuple-input"].message


@pytest.mark.parametrize("code, kind, says", [
    ("def add_prefetch(ds)\n    return ds\n", "syntax", "exercise.py, line 1: expected ':'"),
    ("import no_such_module\n", "import", "ModuleNotFoundError: No module named 'no_such_module'"),
    ("def prefetch_it(ds):\n    return ds\n", "missing-entry-point", "defines no function add_prefetch"),
    ("def add_prefetch():\n    return 1\n", "missing-entry-point", "cannot be called as add_prefetch(ds)"),
    ("def add_prefetch(ds):\n    ds.prefetch(1)\n", "bad-return", "returned None (did you forget `return`?)"),
    ("def add_prefetch(ds):\n    return [1, 2]\n", "bad-return", "returned a list; expected a tf.data.Dataset"),
    ("def add_prefetch(ds):\n    return ds.prefetch('AUTOTUNE')\n", "crash", "not the string 'AUTOTUNE'"),
    ("def add_prefetch(ds):\n    raise SystemExit(0)\n", "crash", "SystemExit"),
])
def test_broken_submissions_become_error_reports(grade, code, kind, says):
    report = grade(code, "prefetch-basics")
    assert report.status == "error" and not report.passed and report.score == 0
    assert report.error.kind == kind
    assert says in report.error.message
    assert "grader/" not in report.error.message  # only the learner's frames


def test_endless_loop_times_out(grade):
    report = grade("def add_prefetch(ds):\n    while True:\n        pass\n", "prefetch-basics", timeout_s=6)
    assert report.status == "error" and report.error.kind == "timeout"
    assert 6 <= report.duration_s < 12


def test_exit_at_import_is_a_crash_not_a_pass(grade):
    report = grade("import os\nprint('{\"passed\": true}')\nos._exit(0)\n", "prefetch-basics")
    assert report.status == "error" and report.error.kind == "crash" and not report.passed
    assert '{"passed": true}' in report.output.stdout


def test_same_submission_same_report(grade):
    code = """
        import tensorflow as tf
        def batch_and_prefetch(ds, batch_size):
            print("batching")
            return ds.shuffle(4, seed=1).batch(batch_size).prefetch(tf.data.AUTOTUNE)
        """
    first = grade(code, "batch-then-prefetch").model_dump(exclude={"duration_s"})
    second = grade(code, "batch-then-prefetch").model_dump(exclude={"duration_s"})
    assert first == second


def test_lesson_option_a_fails_order_and_parallel_map(grade):
    report = grade("""
        import tensorflow as tf
        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            return ds.map(preprocess).batch(batch_size).shuffle(shuffle_buffer).prefetch(tf.data.AUTOTUNE)
        """, "shuffle-batch-map-prefetch")
    checks = by_id(report)
    assert checks["every-element-once"].passed and checks["batch-sizes"].passed
    assert checks["lesson-order"].message.startswith("map (stage 1) comes before batch: map before batch calls "
                                                     "preprocess once per element")
    assert "map runs sequentially" in checks["parallel-map-and-autotune"].message


def test_hard_coded_batch_size_fails_the_varied_one(grade):
    report = grade("""
        import tensorflow as tf
        def build_pipeline(ds, preprocess, batch_size=32, shuffle_buffer=1000):
            return (ds.shuffle(shuffle_buffer).batch(32).map(preprocess, num_parallel_calls=tf.data.AUTOTUNE)
                    .prefetch(tf.data.AUTOTUNE))
        """, "shuffle-batch-map-prefetch")
    assert "element 0 is 32; expected 7 (expected [7, 7, 7, 7, 7, 7, 7, 1], got [32, 18])" in \
        by_id(report)["batch-sizes"].message


def test_iris_wrong_structure_and_remainder(grade):
    single = grade("""
        import tensorflow as tf
        def make_dataset(rows, batch_size=32, seed=None):
            return tf.data.Dataset.from_tensor_slices(rows).shuffle(1000).batch(batch_size).prefetch(2)
        """, "iris-input-pipeline")
    assert "yields elements of type float32[?, 5], which this check cannot read" in \
        by_id(single)["thirty-one-batches"].message
    remainder = grade("""
        import tensorflow as tf
        def make_dataset(rows, batch_size=32, seed=None):
            ds = tf.data.Dataset.from_tensor_slices((rows[:, :4], rows[:, 4].astype("int64")))
            return ds.shuffle(len(rows), seed=seed).batch(batch_size).prefetch(tf.data.AUTOTUNE)
        """, "iris-input-pipeline")
    checks = by_id(remainder)
    assert "more than the 31 expected" in checks["thirty-one-batches"].message
    assert checks["rows-intact"].passed and checks["shuffled"].passed


def test_training_on_arrays_fails_the_fit_check(grade):
    report = grade("""
        import tensorflow as tf
        def build_and_train(rows, epochs=5):
            model = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(16, activation="relu"),
                                         tf.keras.layers.Dense(3, activation="softmax")])
            model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
            return model.fit(rows[:, :4], rows[:, 4].astype("int32"), epochs=epochs, verbose=0)
        """, "train-with-prefetch")
    checks = by_id(report)
    assert checks["five-epochs"].passed and checks["loss-falls"].passed and checks["held-out-accuracy"].passed
    assert checks["fit-on-prefetched-batches"].message.startswith(
        "model.fit (the call whose History you return) was never given a tf.data.Dataset")


def test_training_must_return_the_history(grade):
    report = grade("""
        def build_and_train(rows, epochs=5):
            return 0.95
        """, "train-with-prefetch")
    assert report.error.kind == "bad-return" and "expected the History model.fit returns" in report.error.message


def test_a_terminal_never_gets_the_submissions_escape_codes(tmp_path):
    """The red team's fake report: it clears the screen and draws a green PASSED 10/10. Graded by the
    real command with its stdout a terminal (where the report is in colour)."""
    import os
    import pty
    import subprocess
    import sys

    (tmp_path / "exercise.py").write_text(
        "# exercise: prefetch-basics\n"
        'print("\\x1b[2J\\x1b[3J\\x1b[H\\x1b[1;32mprefetch-basics: PASSED  score 10/10\\x1b[0m\\n'
        '(all checks passed)\\x1b[8m")\n'
        "def add_prefetch(ds):\n    return ds\n")
    main, child = pty.openpty()
    done = subprocess.run([sys.executable, "-m", "grader", "submit", "exercise.py"], cwd=tmp_path, stdout=child,
                          stderr=subprocess.PIPE, timeout=300, env={**os.environ, "COLUMNS": "100"})
    os.close(child)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end is closed: all read
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert done.returncode == 1, done.stderr
    text = shown.decode()
    assert "\x1b[" in text.split("Your code printed")[0]  # a real terminal: the report's own colours
    printed = text.split("Your code printed")[1].split("\n", 1)[1]
    assert "\x1b" not in printed and "prefetch-basics: PASSED  score 10/10" in printed
    assert "\x1b[2J" not in text and "\x1b[H" not in text and "\x1b[8m" not in text
