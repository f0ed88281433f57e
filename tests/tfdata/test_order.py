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


def _ops(graph):
    return [n.op for n in graph.node], [n.op for f in graph.library.function for n in f.node_def]


def test_prefetch_stages_are_bypassed_everywhere_and_the_values_stay():
    ds = (tf.data.Dataset.range(9)
          .interleave(lambda i: tf.data.Dataset.range(i).prefetch(1).prefetch(2), cycle_length=2)
          .batch(4).prefetch(tf.data.AUTOTUNE).prefetch(3))
    graph = in_order(wire.decode_graph(wire.encode_dataset(ds)["graph"]))
    rebuilt = wire.rebuild(graph, ds.element_spec)
    assert [b.numpy().tolist() for b in rebuilt] == [b.numpy().tolist() for b in ds]
    read_by = {name for n in graph.node for name in n.input}
    assert not any(n.op == "PrefetchDataset" and n.name in read_by for n in graph.node)
    for function in graph.library.function:
        outputs = {name for n in function.node_def for name in n.input} | set(function.ret.values())
        assert not any(n.op == "PrefetchDataset" and f"{n.name}:handle:0" in outputs for n in function.node_def)
    assert "PrefetchDataset" in _ops(graph)[0]  # still there, unread: nothing that names it dangles


def test_a_prefetch_that_would_fail_is_kept():
    """prefetch(-5) in a function raises when the pipeline runs: skipping it would read values the
    pipeline never yields."""
    ds = tf.data.Dataset.range(3).flat_map(lambda x: tf.data.Dataset.from_tensors(x).prefetch(-5))
    graph = in_order(wire.decode_graph(wire.encode_dataset(ds)["graph"]))
    with pytest.raises(tf.errors.InvalidArgumentError):
        list(wire.rebuild(graph, ds.element_spec))
