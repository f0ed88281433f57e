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


_DT_VARIANT = 21  # types.proto: what a function returning a dataset returns
_CALLS = {"PartitionedCall", "StatefulPartitionedCall", "If", "StatelessIf", "Case", "StatelessCase"}

#: At most this many paths are read from one pipeline (a graph of joins can have exponentially many).
MAX_PATHS = 32
#: At most this many stages deep (function bodies count); a deeper pipeline's stages are not read.
MAX_DEPTH = 200


def _stage(node: Any, inputs: list[Any]) -> dict[str, Any]:
    base = _base(node.op)
    stage, head, tail = _OPS.get(base, ("other", (), ()))
    others = [n for n in inputs if not _is_dataset(n.op)]
    params = {name: _const(n) for name, n in zip(head, others)}
    params.update({name: _const(n) for name, n in zip(tail, others[len(others) - len(tail):])})
    if stage == "shuffle" and "reshuffle_each_iteration" in node.attr:  # an attribute, not an input
        params["reshuffle_each_iteration"] = bool(node.attr["reshuffle_each_iteration"].b)
    return {"stage": stage, "op": node.op, "params": {k: v for k, v in params.items() if v is not None}}


def stage_paths(ds: Any) -> list[list[dict[str, Any]]]:
    """See :func:`read_paths` (which also says whether paths were left out)."""
    return read_paths(ds)[0]


def read_paths(ds: Any) -> tuple[list[list[dict[str, Any]]], str | None]:
    """Every path the elements take to the sink, each as its stages from source to sink: the path
    through each dataset's first input comes first (it is :func:`stage_chain`), then the paths
    through every other dataset input (the second side of a ``concatenate`` or ``zip``, the inputs
    of ``sample_from_datasets``, a dataset a function captures). The stages a ``flat_map`` or
    ``interleave`` function applies (past its own source) are part of every path through that
    stage. So a pipeline cannot hide its real stages behind a well-ordered decoy branch.

    ``with_options`` nodes are not stages. The options of every branch apply to the whole pipeline
    (TensorFlow merges them), the one nearest the sink winning on a path: when any path's switch
    autotuning off, the last stage of every path says ``"options": {"autotune": False}``.

    The second value says why some stages were left out, or is None: more than ``MAX_PATHS`` paths,
    or a path more than ``MAX_DEPTH`` stages deep (stages past it would be hidden). A rule cannot
    then be checked on every stage of every path, and must not pass."""
    graph = _graph(ds)
    problem: str | None = None
    functions = {f.signature.name: f for f in graph.library.function}
    top = {node.name: node for node in graph.node}
    memo: dict[tuple[int, str], list[tuple[list[dict[str, Any]], bool | None]]] = {}

    def inputs(node: Any, scope: dict[str, Any]) -> list[Any]:
        return [scope[name.split(":")[0]] for name in node.input
                if not name.startswith("^") and name.split(":")[0] in scope]

    def body(node: Any, depth: int) -> list[tuple[list[dict[str, Any]], bool | None]]:
        """The paths inside the dataset-returning functions of ``node`` (a flat_map's, an interleave's)."""
        found = []
        for value in node.attr.values():
            function = functions.get(value.func.name) if value.HasField("func") else None
            if function is None:
                continue
            scope = {n.name: n for n in function.node_def}
            variant = {arg.name for arg in function.signature.output_arg if arg.type == _DT_VARIANT}
            for name, output in function.ret.items():
                returned = scope.get(output.split(":")[0])
                for _ in range(8):  # a function returns its dataset through Identity nodes
                    if returned is None or returned.op != "Identity" or not returned.input:
                        break
                    returned = scope.get(returned.input[0].split(":")[0])
                if returned is not None and _is_dataset(returned.op):
                    found += walk(returned, scope, depth + 1)
                elif (returned is not None and name in variant and _base(returned.op) in _CALLS
                      and any(kind in node.op for kind in ("FlatMap", "Interleave", "GroupByWindow"))):
                    # a dataset from a function call or a branch, whose stages we do not follow
                    nonlocal problem
                    problem = (f"a function given to {node.op.removesuffix('Dataset').lower() or 'a stage'} returns "
                               f"its dataset through {returned.op} (a tf.function call or tf.cond), whose stages "
                               "the grader cannot read: return the dataset directly")
        return found

    def walk(node: Any, scope: dict[str, Any], depth: int) -> list[tuple[list[dict[str, Any]], bool | None]]:
        key = (id(scope), node.name)
        if key in memo:
            return memo[key]
        nonlocal problem
        if depth > MAX_DEPTH:
            problem = (f"the pipeline is more than {MAX_DEPTH} stages deep, too deep to check every stage: "
                       "build one short chain of stages")
            return [([{"stage": "other", "op": node.op, "params": {}}], None)]
        memo[key] = [([], None)]  # a cycle (only a forged graph has one) ends here
        feeding = inputs(node, scope)
        upstream: list[tuple[list[dict[str, Any]], bool | None]] = []
        for source in (n for n in feeding if _is_dataset(n.op)):
            upstream += walk(source, scope, depth + 1)
        upstream = upstream or [([], None)]
        inner = body(node, depth)
        if inner:  # the function's own stages, past its source, on every path through this stage
            upstream = [(path + [s for s in stages if s["stage"] != "source"],
                         setting if autotune is None else autotune)
                        for path, setting in upstream for stages, autotune in inner]
        base = _base(node.op)
        mine = None if base != "OptionsDataset" else _autotune_setting(node)
        if len(upstream) > MAX_PATHS:
            problem = problem or (f"the pipeline joins more than {MAX_PATHS} datasets, too many paths to check "
                                  "its stages on each: build one chain of stages")
        paths = [(path if base in _TRANSPARENT else path + [_stage(node, feeding)],
                  setting if mine is None else mine)
                 for path, setting in upstream[:MAX_PATHS]]
        memo[key] = paths
        return paths

    sink = next((n for n in graph.node if n.op == "_Retval"), None)
    last = next((n for n in inputs(sink, top) if _is_dataset(n.op)), None) if sink else None
    if last is None:
        return [[]], None
    found = walk(last, top, 0)
    paths = [[dict(stage, params=dict(stage["params"])) for stage in path] for path, _ in found]
    if any(setting is False for _, setting in found):
        for path in paths:
            if path:
                path[-1]["options"] = {"autotune": False}
    return paths, problem


def stage_chain(ds: Any) -> list[dict[str, Any]]:
    """The stages of a dataset (or of its GraphDef) along its first inputs, from source to sink:
    ``{"stage", "op", "params"}`` each; the last one also has ``"options": {"autotune": False}``
    when with_options switched autotuning off (see :func:`stage_paths` for every path)."""
    return stage_paths(ds)[0]
