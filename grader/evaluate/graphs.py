"""Validate a learner's dataset graph before the evaluator runs it.

A graph comes from the builder, where learner code ran, so it is data to check, not to trust:
bounded in size (``wire``), and every op in it (and in its function library) must be allowed.
Allowed: TensorFlow's stateless ops, dataset ops, random ops and the calls between functions.
Refused: reading or writing files (file sources, caches and snapshots on disk, checkpoints),
queues, readers, any op this TensorFlow does not know, and Python: a ``py_function`` is run only
when its token is one of the grader's own ``load`` functions handed to that call; any other
``py_function``, ``numpy_function`` or ``from_generator`` is refused with what to write instead.
"""

from __future__ import annotations

from typing import Any

_PYTHON_OPS = {"EagerPyFunc", "PyFunc", "PyFuncStateless"}
# Stateful by TensorFlow's definition but harmless here: datasets and their iterators, seeds,
# random numbers, assertions and printing, function calls (their bodies are checked too).
_STATEFUL_ALLOWED_PREFIXES = ("Random", "StatelessRandom", "Anonymous", "Dummy")
_STATEFUL_ALLOWED = {
    "Assert", "PrintV2", "Print", "StatefulPartitionedCall", "PartitionedCall", "TruncatedNormal",
    "Multinomial", "ParameterizedTruncatedNormal", "RandomGamma", "RandomPoisson", "RandomPoissonV2",
    "RandomShuffle", "RandomUniformInt", "StatelessRandomGetKeyCounter", "RngReadAndSkip",
    "RngSkip", "DeleteSeedGenerator", "DeleteRandomSeedGenerator", "DeleteIterator", "DeleteMemoryCache",
    "DeleteMultiDeviceIterator", "DummyMemoryCache", "DummySeedGenerator", "Placeholder", "VarHandleOp",
    "ReadVariableOp", "_Retval", "_Arg", "NoOp",
}
# Never, stateful or not: files, queues and readers, other machines.
_REFUSED_WORDS = ("FromGraph", "Deserialize", "StringHandle", "Debug", "Abort", "File", "Record", "TextLine", "FixedLength", "Save", "Restore", "Snapshot", "Sql", "LMDB", "CSVDataset", "Checkpoint",
                  "ImmutableConst", "DataService", "Rpc", "Queue", "Reader", "Summary", "Load", "Distributed",
                  "Bigtable", "Kafka", "Iterator", "WriteAudio", "WriteImage", "Mutex", "Barrier", "Stage")
_ALLOWED_DESPITE_WORDS = {"PrefetchDataset", "AnonymousIteratorV3", "DeleteIterator"}
MAX_NODES = 20_000
_PRINT_STREAMS = {"stderr", "stdout", "log(info)", "log(warning)", "log(error)"}


class GraphRefused(ValueError):
    """A learner graph the evaluator will not run; the message is for the learner."""


def _nodes(graph: Any) -> list[Any]:
    nodes = list(graph.node)
    for function in graph.library.function:
        nodes.extend(function.node_def)
    return nodes


def _const_string(graph: Any, name: str) -> str | None:
    import tensorflow as tf

    base = name.split(":")[0].lstrip("^")
    for node in graph.node:
        if node.name == base and node.op == "Const":
            value = tf.make_ndarray(node.attr["value"].tensor)
            return value.item().decode("utf-8", "replace") if value.ndim == 0 and value.dtype.kind in "SO" else None
    return None


def _stateful(op: str) -> bool | None:
    """Whether TensorFlow marks ``op`` stateful; None for an op this TensorFlow does not know."""
    from tensorflow.python.framework import op_def_registry

    definition = op_def_registry.get(op)
    return None if definition is None else definition.is_stateful


def _refused(op: str) -> bool:
    if op in _ALLOWED_DESPITE_WORDS:
        return False
    return any(word in op for word in _REFUSED_WORDS)


def _python_message(node: Any) -> str:
    return ("your pipeline runs Python code (tf.py_function, tf.numpy_function or "
            "Dataset.from_generator): the grader rebuilds your pipeline from its graph in a separate "
            "process, where your Python does not exist. Use TensorFlow operations in map() instead "
            "(a plain Python function or lambda passed to map() is traced into TensorFlow operations)")


# What loading a SavedModel needs besides the model's own computation: its variables, and the
# saver that restores them from the model's own folder.
_SAVED_MODEL_OPS = {"AssignVariableOp", "DisableCopyOnRead", "MergeV2Checkpoints", "RestoreV2", "SaveV2", "ShardedFilename",
                    "VarIsInitializedOp", "AssignAddVariableOp", "AssignSubVariableOp"}
MAX_SAVED_MODEL_BYTES = 64 << 20


def check_saved_model(folder: str) -> None:
    """Raise ``GraphRefused`` unless the SavedModel in ``folder`` only computes (no Python, no file
    access beyond restoring its own variables)."""
    import os

    from tensorflow.core.protobuf import saved_model_pb2

    path = os.path.join(folder, "saved_model.pb")
    if not os.path.isfile(path) or os.path.getsize(path) > MAX_SAVED_MODEL_BYTES:
        raise GraphRefused("the saved model is missing or too large")
    model = saved_model_pb2.SavedModel()
    with open(path, "rb") as handle:
        model.ParseFromString(handle.read())
    for meta_graph in model.meta_graphs:
        check(meta_graph.graph_def, set(), _SAVED_MODEL_OPS, dataset=False)


def check(graph: Any, allowed_tokens: set[str], also_allowed: frozenset[str] | set[str] = frozenset(), dataset: bool = True) -> None:
    """Raise ``GraphRefused`` unless every op of ``graph`` may run in the evaluator (and, for a
    ``dataset`` graph, it has exactly one output)."""
    nodes = _nodes(graph)
    if len(nodes) > MAX_NODES:
        raise GraphRefused(f"the pipeline's graph has {len(nodes)} operations, more than the {MAX_NODES} "
                           "the grader reads")
    sinks = [node for node in graph.node if node.op == "_Retval"]
    if dataset and len(sinks) != 1:  # what is read (the first) and what runs (the last) must be the same dataset
        raise GraphRefused(f"the pipeline's graph has {len(sinks)} outputs; a dataset's graph has exactly one")
    functions = {function.signature.name for function in graph.library.function}
    for node in nodes:
        op = node.op
        if op == "PrintV2" and node.attr["output_stream"].s.decode("utf-8", "replace") not in _PRINT_STREAMS:
            raise GraphRefused("tf.print may write to stdout or stderr only, not to a file")
        if op in _PYTHON_OPS:
            token = node.attr["token"].s.decode("utf-8", "replace")
            if op == "EagerPyFunc" and token in allowed_tokens:
                continue
            raise GraphRefused(_python_message(node))
        if op.startswith("CacheDataset"):
            filename = _const_string(graph, node.input[1]) if len(node.input) > 1 else None
            if filename != "":
                raise GraphRefused("cache(filename) writes to disk, which the grader does not allow; "
                                   "use .cache() with no file name (in memory)")
            continue
        if op.startswith("GeneratorDataset"):
            raise GraphRefused(_python_message(node))
        if op in functions or op in also_allowed:
            continue
        stateful = _stateful(op)
        if stateful is None:
            raise GraphRefused(f"the pipeline uses the operation {op}, which this TensorFlow does not know")
        if _refused(op) or (stateful and not (op in _STATEFUL_ALLOWED or op.endswith(("Dataset", "DatasetV2",
                                                                                      "DatasetV3", "DatasetV4"))
                                              or op.startswith(_STATEFUL_ALLOWED_PREFIXES))):
            raise GraphRefused(f"the pipeline uses the operation {op}, which reads or changes state outside "
                               "the pipeline (files, queues, variables); the grader does not run it")


def tokens(graph: Any) -> set[str]:
    """The py-function tokens a graph calls."""
    return {node.attr["token"].s.decode("utf-8", "replace") for node in _nodes(graph) if node.op in _PYTHON_OPS}
