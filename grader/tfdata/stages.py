"""Read a dataset's stages from its serialized graph, not from source text.

``ds._as_serialized_graph()`` gives a GraphDef whose final ``_Retval`` node points at
the last dataset op; each dataset op takes its upstream dataset as its first dataset
input and its parameters (buffer sizes, batch sizes, parallelism) as ``Const`` inputs.
We walk back from the sink and map op names to plain stage names, e.g.
``RangeDataset -> ShuffleDatasetV3 -> BatchDatasetV2 -> ParallelMapDatasetV2 ->
PrefetchDataset`` becomes ``source -> shuffle -> batch -> map -> prefetch``.

``OptionsDataset`` nodes (``with_options``) are not stages, but they decide what the pipeline
will do: each carries a serialized ``tf.data.Options``, and where several set the same field the
one nearest the sink wins (as ``ds.options()`` and the runtime do). When the effective options
switch autotuning off, the last stage says so: ``"options": {"autotune": False}``; then an
AUTOTUNE written in the code tunes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import tensorflow as tf

# op name (without V2/V3 suffix) -> (stage, names of leading params, names of trailing params).
# Ops with captured function arguments put their params last, so those are named from the end.
_OPS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "RangeDataset": ("source", ("start", "stop", "step"), ()),
    "TensorSliceDataset": ("source", (), ()),
    "TensorDataset": ("source", (), ()),
    "SparseTensorSliceDataset": ("source", (), ()),
    "GeneratorDataset": ("source", (), ()),
    "TFRecordDataset": ("source", (), ()),
    "TextLineDataset": ("source", (), ()),
    "FixedLengthRecordDataset": ("source", (), ()),
    "ShuffleDataset": ("shuffle", ("buffer_size",), ()),
    "ShuffleAndRepeatDataset": ("shuffle", ("buffer_size",), ()),
    "BatchDataset": ("batch", ("batch_size", "drop_remainder"), ()),
    "ParallelBatchDataset": ("batch", ("batch_size", "num_parallel_calls", "drop_remainder"), ()),
    "PaddedBatchDataset": ("padded_batch", ("batch_size",), ()),
    "MapAndBatchDataset": ("batch", (), ("batch_size", "num_parallel_calls", "drop_remainder")),
    "UnbatchDataset": ("unbatch", (), ()),
    "MapDataset": ("map", (), ()),
    "ParallelMapDataset": ("map", (), ("num_parallel_calls",)),
    "PrefetchDataset": ("prefetch", ("buffer_size",), ()),
    "CacheDataset": ("cache", ("filename",), ()),
    "RepeatDataset": ("repeat", ("count",), ()),
    "TakeDataset": ("take", ("count",), ()),
    "SkipDataset": ("skip", ("count",), ()),
    "FilterDataset": ("filter", (), ()),
    "InterleaveDataset": ("interleave", (), ("cycle_length", "block_length")),
    "ParallelInterleaveDataset": ("interleave", (), ("num_parallel_calls",)),
    "FlatMapDataset": ("flat_map", (), ()),
    "ZipDataset": ("zip", (), ()),
    "ConcatenateDataset": ("concatenate", (), ()),
    "RebatchDataset": ("rebatch", (), ()),
}
# Wrappers that change nothing about the elements or their order.
_TRANSPARENT = {"OptionsDataset", "ModelDataset", "AssertCardinalityDataset", "AssertNextDataset"}
_VERSION = re.compile(r"V\d+$")


def _base(op: str) -> str:
    return _VERSION.sub("", op)


def _is_dataset(op: str) -> bool:
    return _base(op).endswith("Dataset")


def _const(node: Any) -> Any:
    """The plain value of a scalar Const node, or None for anything else."""
    if node.op != "Const":
        return None
    try:
        value = tf.make_ndarray(node.attr["value"].tensor)
    except (KeyError, TypeError, ValueError):
        return None  # resource handles (seed generators, caches) have no numpy value
    if value.ndim != 0:
        return None
    item = value.item()
    return item.decode("utf-8", "replace") if isinstance(item, bytes) else item


def _graph(ds: Any) -> Any:
    """The GraphDef of a dataset; a GraphDef (a rebuilt learner graph) is read as it is."""
    from tensorflow.python.data.ops.options import ExternalStatePolicy

    if isinstance(ds, tf.compat.v1.GraphDef):
        return ds
    graph = tf.compat.v1.GraphDef()
    try:
        serialized = ds._as_serialized_graph(external_state_policy=ExternalStatePolicy.IGNORE)
    except TypeError:  # older signature without the policy argument
        serialized = ds._as_serialized_graph()
    graph.ParseFromString(serialized.numpy())
    return graph


def _autotune_setting(node: Any) -> bool | None:
    """``autotune.enabled`` as an OptionsDataset node sets it, or None when it leaves it unset."""
    from tensorflow.core.framework import dataset_options_pb2

    options = dataset_options_pb2.Options()
    try:
        options.ParseFromString(node.attr["serialized_options"].s)
    except Exception:  # noqa: BLE001 - an unreadable attribute sets nothing we can see
        return None
    autotune = options.autotune_options
    return autotune.enabled if autotune.WhichOneof("optional_enabled") else None


def stage_chain(ds: Any) -> list[dict[str, Any]]:
    """The stages of a dataset (or of its GraphDef) from source to sink: ``{"stage", "op", "params"}``
    each; the last one
    also has ``"options": {"autotune": False}`` when with_options switched autotuning off."""
    graph = _graph(ds)
    nodes = {node.name: node for node in graph.node}

    def inputs(node: Any) -> list[Any]:
        return [nodes[name.split(":")[0]] for name in node.input
                if not name.startswith("^") and name.split(":")[0] in nodes]

    sink = next((n for n in graph.node if n.op == "_Retval"), None)
    current = next((n for n in inputs(sink) if _is_dataset(n.op)), None) if sink else None
    chain: list[dict[str, Any]] = []
    autotune: bool | None = None  # the setting nearest the sink wins
    while current is not None:
        base = _base(current.op)
        upstream = [n for n in inputs(current) if _is_dataset(n.op)]
        if base == "OptionsDataset" and autotune is None:
            autotune = _autotune_setting(current)
        if base not in _TRANSPARENT:
            stage, head, tail = _OPS.get(base, ("other", (), ()))
            others = [n for n in inputs(current) if not _is_dataset(n.op)]
            params = {name: _const(node) for name, node in zip(head, others)}
            params.update({name: _const(node) for name, node in zip(tail, others[len(others) - len(tail):])})
            chain.append({"stage": stage, "op": current.op,
                          "params": {k: v for k, v in params.items() if v is not None}})
        current = upstream[0] if upstream else None
    chain.reverse()
    if autotune is False and chain:
        chain[-1]["options"] = {"autotune": False}
    return chain
