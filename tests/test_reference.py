"""grade-all's reference run: the expected outputs computed once, with no learner code, spare
each grading that work and change nothing in its report."""

import pytest

from grader import catalog, submit
from grader.api import reference
from grader.sandbox import isolation
from grader.sandbox.runner import warm_workers

pytestmark = pytest.mark.slow

RIGHT = "import tensorflow as tf\n\n\ndef batch_and_prefetch(ds, batch_size):\n    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)\n"
DROPS_LAST_BATCH = "def batch_and_prefetch(ds, batch_size):\n    return ds.batch(batch_size, drop_remainder=True)\n"


@pytest.fixture(scope="module")
def known():
    return reference(catalog.load_exercise("batch-then-prefetch"), device="cpu")


def test_the_reference_holds_every_expected_output(known):
    exercise = catalog.load_exercise("batch-then-prefetch")
    kinds = [check.kind for check in exercise.checks]
    assert len(known) == kinds.count("equivalence") + kinds.count("property")
    found = next(value for key, value in known.items() if '"probe": "property"' in key)
    assert len(found["expected"]) >= exercise.checks[kinds.index("property")].max_examples
    assert all(expected is None or expected["elements"] is not None for expected in found["expected"].values())
    assert len(found["replay"]) == found["examples"] >= len(found["expected"])


def test_a_right_submission_graded_from_the_replay_gets_what_hypothesis_gives_it(known, learner_file):
    path = learner_file(RIGHT)
    alone = submit(path, "batch-then-prefetch", device="cpu")
    helped = submit(path, "batch-then-prefetch", device="cpu", reference=known)
    assert alone.score == alone.max_score
    assert [c.model_dump() for c in helped.checks] == [c.model_dump() for c in alone.checks]


def test_a_submission_that_fails_late_in_the_replay_is_shrunk_as_without_it(known, learner_file):
    """Right on short inputs, wrong from 20 elements on: the replay finds it late, and Hypothesis
    then shrinks it to the same smallest input as a grading with no reference."""
    path = learner_file("import tensorflow as tf\n\n\ndef batch_and_prefetch(ds, batch_size):\n"
                        "    return ds.take(19).batch(batch_size).prefetch(tf.data.AUTOTUNE)\n")
    alone = submit(path, "batch-then-prefetch", device="cpu")
    helped = submit(path, "batch-then-prefetch", device="cpu", reference=known)
    assert any(check.counterexample for check in alone.checks)
    assert [c.model_dump() for c in helped.checks] == [c.model_dump() for c in alone.checks]


def test_a_grading_with_the_reference_reports_exactly_what_one_without_does(known, learner_file):
    path = learner_file(DROPS_LAST_BATCH)
    alone = submit(path, "batch-then-prefetch", device="cpu")
    helped = submit(path, "batch-then-prefetch", device="cpu", reference=known)
    assert any(check.counterexample for check in alone.checks)
    assert [c.model_dump() for c in helped.checks] == [c.model_dump() for c in alone.checks]


def test_a_plan_larger_than_one_socket_read_reaches_a_warm_child_whole(known, learner_file):
    if isolation.tier() != "namespaces":
        pytest.skip("warm workers exist only in the namespace tier")
    path = learner_file(DROPS_LAST_BATCH)
    padded = {**known, "unused": "x" * (6 << 20)}  # more than the zygote reads at once
    with warm_workers() as zygote:
        warm = submit(path, "batch-then-prefetch", device="cpu", zygote=zygote, reference=padded)
    assert warm.status == "graded", warm.error
    assert [c.model_dump() for c in warm.checks] == \
        [c.model_dump() for c in submit(path, "batch-then-prefetch", device="cpu", reference=known).checks]


@pytest.mark.parametrize("expected, kept", [("ds", True), ("ds.shuffle(5)", False)])
def test_no_reference_when_computing_it_draws_random_numbers(add_prefetch_exercise, expected, kept):
    """An unseeded shuffle in an expected output takes an op seed: a child that skipped it would
    give the learner's own shuffles other seeds than a child graded alone."""
    exercise = add_prefetch_exercise("shuffled-copy", f"""\
        - id: same-elements
          kind: equivalence
          points: 1
          expected: {expected}
          match: multiset
        """)
    assert bool(reference(catalog.load_exercise(exercise), device="cpu")) is kept
