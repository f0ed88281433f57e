"""A graph read in order: deterministic=False anywhere (a stage, a nested function, the options)
no longer lets elements overtake each other."""

import pytest

tf = pytest.importorskip("tensorflow")

from grader.tfdata import wire  # noqa: E402
from grader.tfdata.order import in_order  # noqa: E402


def _slow_for_small(x):
    """Element 0 costs far more than the others, so an unordered map lets the others pass it."""
    size = tf.where(x < 4, 300, 2)
    m = tf.ones([size, size])
    return x + tf.cast(tf.reduce_sum(tf.linalg.matmul(m, m)) * 0, tf.int64)


def _unordered():
    options = tf.data.Options()
    options.deterministic = False
    inner = tf.data.Dataset.range(40).interleave(
        lambda x: tf.data.Dataset.from_tensors(x).map(_slow_for_small, num_parallel_calls=4, deterministic=False),
        cycle_length=4, num_parallel_calls=4, deterministic=False)
    return inner.batch(5, num_parallel_calls=4, deterministic=False).with_options(options)


def test_every_order_switch_is_set_to_keep_order():
    ds = _unordered()
    graph = in_order(wire.decode_graph(wire.encode_dataset(ds)["graph"]))
    nodes = [*graph.node, *(n for f in graph.library.function for n in f.node_def)]
    switches = [n.attr["deterministic"].s for n in nodes if "deterministic" in n.attr]
    assert len(switches) == 3 and set(switches) == {b"true"}
    from tensorflow.core.framework import dataset_options_pb2

    options = [n for n in nodes if "serialized_options" in n.attr]
    assert options
    for node in options:
        parsed = dataset_options_pb2.Options.FromString(node.attr["serialized_options"].s)
        assert parsed.deterministic is True


def test_the_rebuilt_graph_reads_in_order_every_time():
    ds = _unordered()
    graph = in_order(wire.decode_graph(wire.encode_dataset(ds)["graph"]))
    for _ in range(3):
        read = [int(v) for batch in wire.rebuild(graph, ds.element_spec) for v in batch.numpy()]
        assert read == list(range(40))
