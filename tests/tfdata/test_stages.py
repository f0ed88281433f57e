"""Stage chains read from real datasets' graphs (in this process: one TensorFlow import)."""

import pytest

tf = pytest.importorskip("tensorflow")

from grader.tfdata.stages import stage_chain  # noqa: E402

A = tf.data.AUTOTUNE


def names(ds):
    return [(s["stage"], s["params"]) for s in stage_chain(ds)]


def test_lesson_pipeline():
    ds = (tf.data.Dataset.range(100).shuffle(1000, seed=1).batch(32).map(lambda x: x * 2, num_parallel_calls=A)
          .prefetch(A))
    assert names(ds) == [("source", {"start": 0, "stop": 100, "step": 1}), ("shuffle", {"buffer_size": 1000, "reshuffle_each_iteration": True}),
                         ("batch", {"batch_size": 32, "drop_remainder": False}),
                         ("map", {"num_parallel_calls": -1}), ("prefetch", {"buffer_size": -1})]


def test_options_are_skipped_and_prefetch_zero_is_kept_with_its_buffer():
    ds = tf.data.Dataset.range(3).prefetch(0).with_options(tf.data.Options())
    assert names(ds)[1:] == [("prefetch", {"buffer_size": 0})]


def test_sequential_map_has_no_parallelism_and_captured_arguments_do_not_shift_params():
    offset = tf.constant(5, tf.int64)
    ds = tf.data.Dataset.range(3).map(lambda x: x + offset).map(lambda x: x + offset, num_parallel_calls=4)
    assert names(ds)[1:] == [("map", {}), ("map", {"num_parallel_calls": 4})]


def test_other_stages_and_parallel_batch():
    ds = (tf.data.Dataset.from_tensor_slices([1, 2, 3]).cache().repeat(2).take(5).skip(1)
          .batch(2, num_parallel_calls=A).filter(lambda x: True))
    assert [n for n, _ in names(ds)] == ["source", "cache", "repeat", "take", "skip", "batch", "filter"]
    assert names(ds)[5][1]["num_parallel_calls"] == -1


def test_py_function_pipeline_is_readable():
    ds = tf.data.Dataset.range(3).map(lambda x: tf.py_function(lambda y: y, [x], tf.int64)).prefetch(2)
    assert names(ds)[-1] == ("prefetch", {"buffer_size": 2})


def _off(enabled=False):
    options = tf.data.Options()
    options.autotune.enabled = enabled
    return options


@pytest.mark.parametrize("build, off", [
    (lambda ds: ds.prefetch(A).with_options(_off()), True),
    (lambda ds: ds.with_options(_off()).prefetch(A), True),  # options anywhere apply to the whole pipeline
    (lambda ds: ds.with_options(_off()).prefetch(A).with_options(_off(True)), False),  # the outer one wins
    (lambda ds: ds.with_options(_off(True)).prefetch(A).with_options(_off()), True),
    (lambda ds: ds.prefetch(A).with_options(tf.data.Options()), False),  # options that leave autotune alone
    (lambda ds: ds.prefetch(A), False),
])
def test_effective_autotune_is_read_from_the_options_in_the_graph(build, off):
    ds = build(tf.data.Dataset.range(3))
    chain = stage_chain(ds)
    assert (chain[-1].get("options") == {"autotune": False}) is off
    assert ds.options().autotune.enabled is not off or ds.options().autotune.enabled is None
    assert [s["stage"] for s in chain] == ["source", "prefetch"]


def test_the_shuffle_buffer_is_read_from_the_graph():
    ds = tf.data.Dataset.range(3).shuffle(buffer_size=37, seed=1)
    assert names(ds)[1] == ("shuffle", {"buffer_size": 37, "reshuffle_each_iteration": True})
    once = tf.data.Dataset.range(3).shuffle(3, reshuffle_each_iteration=False)  # an attribute, not an input
    assert names(once)[1] == ("shuffle", {"buffer_size": 3, "reshuffle_each_iteration": False})


def _stage_names(path):
    return [s["stage"] for s in path]


def test_every_input_of_a_join_is_a_path_the_first_input_first():
    from grader.tfdata.stages import stage_paths

    ds = tf.data.Dataset.range(4)
    decoy = ds.take(0).shuffle(4).batch(2)
    real = ds.map(lambda x: x).shuffle(4).batch(2)
    paths = stage_paths(decoy.concatenate(real).prefetch(A))
    assert [_stage_names(p) for p in paths] == [["source", "take", "shuffle", "batch", "concatenate", "prefetch"],
                                                ["source", "map", "shuffle", "batch", "concatenate", "prefetch"]]
    assert stage_chain(decoy.concatenate(real).prefetch(A)) == paths[0]
    zipped = tf.data.Dataset.zip((ds.shuffle(4), ds.map(lambda x: x)))
    assert [_stage_names(p) for p in stage_paths(zipped.batch(2))] == [["source", "shuffle", "zip", "batch"],
                                                                      ["source", "map", "zip", "batch"]]


def test_the_stages_inside_an_interleave_function_are_on_every_path_through_it():
    from grader.tfdata.stages import stage_paths

    ds = tf.data.Dataset.range(4)
    captured = tf.data.Dataset.range(3).map(lambda x: x).shuffle(3)
    paths = stage_paths(ds.shuffle(4).interleave(lambda _: captured, cycle_length=1).prefetch(A))
    assert [_stage_names(p) for p in paths] == [["source", "shuffle", "interleave", "prefetch"],
                                                ["source", "map", "shuffle", "interleave", "prefetch"]]
    built_inside = ds.shuffle(4).flat_map(lambda x: tf.data.Dataset.from_tensors(x).map(lambda y: y).batch(1))
    assert [_stage_names(p) for p in stage_paths(built_inside)] == [["source", "shuffle", "map", "batch", "flat_map"]]
    loading = stage_paths(ds.interleave(lambda x: tf.data.Dataset.from_tensors(x), cycle_length=2,
                                        num_parallel_calls=A).prefetch(A))
    assert [_stage_names(p) for p in loading] == [["source", "interleave", "prefetch"]]


def test_autotuning_switched_off_on_any_branch_is_off_on_every_path():
    from grader.tfdata.stages import stage_paths

    ds = tf.data.Dataset.range(4)
    joined = ds.take(0).concatenate(ds.with_options(_off())).prefetch(A)
    assert joined.options().autotune.enabled is False  # what TensorFlow itself makes of it
    assert all(path[-1].get("options") == {"autotune": False} for path in stage_paths(joined))


def test_a_pipeline_with_more_paths_than_are_read_says_so():
    from grader.tfdata.stages import MAX_PATHS, read_paths

    ds = tf.data.Dataset.range(2)
    joined = ds
    for _ in range(MAX_PATHS + 2):
        joined = joined.concatenate(ds.take(0))
    paths, problem = read_paths(joined)
    assert "more than 32 datasets" in problem and len(paths) == MAX_PATHS
    assert read_paths(ds.concatenate(ds))[1] is None


def test_a_pipeline_too_deep_to_read_says_so():
    """Stages past the depth limit would be hidden (a map before 70 skip(0) once read as fine)."""
    from grader.tfdata.stages import MAX_DEPTH, read_paths

    ds = tf.data.Dataset.range(4).map(lambda x: x)
    for _ in range(MAX_DEPTH + 5):
        ds = ds.skip(0)
    assert "stages deep" in read_paths(ds.prefetch(1))[1]
    shallow = tf.data.Dataset.range(4).map(lambda x: x)
    for _ in range(70):
        shallow = shallow.skip(0)
    paths, problem = read_paths(shallow.prefetch(1))
    assert problem is None and paths[0][1]["stage"] == "map"


def test_a_dataset_returned_through_a_function_call_is_not_read_as_stageless():
    """flat_map(lambda x: helper(x)) with helper a tf.function: the map inside was once invisible."""
    from grader.tfdata.stages import read_paths

    @tf.function
    def helper(x):
        return tf.data.Dataset.from_tensors(x).map(lambda v: v + 1)

    ds = tf.data.Dataset.range(4).flat_map(lambda x: helper(x)).batch(2)
    assert "cannot read" in read_paths(ds)[1]
    plain = tf.data.Dataset.range(4).flat_map(lambda x: tf.data.Dataset.from_tensors(x).map(lambda v: v + 1))
    assert read_paths(plain.batch(2))[1] is None
