"""Datasets and arrays as plain data that can cross a process boundary, and back.

A dataset travels as its serialized graph (``GraphDef`` bytes) and its element spec (a
``StructuredValue`` proto from TensorFlow's nested-structure coder), both base64 text; it is
rebuilt with ``DatasetFromGraph``, the op tf.data service uses to ship pipelines to its workers.
An array travels as dtype, shape and raw bytes. Nothing here runs Python that came with the data:
decoding only parses protocol buffers and refuses any spec that is not tensors in tuples and dicts.
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np
import tensorflow as tf

MAX_GRAPH_BYTES = 16 << 20
MAX_ARRAY_BYTES = 64 << 20
_ARRAY_DTYPES = {"float16", "float32", "float64", "int8", "int16", "int32", "int64", "uint8", "uint16", "bool"}


class WireError(ValueError):
    """Data that does not decode into what it claims to be."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, limit: int) -> bytes:
    if len(text) > limit * 4 // 3 + 4:
        raise WireError(f"larger than {limit >> 20} MiB")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        raise WireError("not base64") from None


def _serializer() -> Any:
    from tensorflow.python.data.ops import dataset_ops
    from tensorflow.python.ops import gen_dataset_ops

    variant = dataset_ops.DatasetV2._variant_tensor.fget
    to_graph = gen_dataset_ops.dataset_to_graph_v2
    return lambda ds, policy: to_graph(variant(ds), external_state_policy=policy, strip_device_assignment=True)


# Taken when this module is imported (before any learner code): a dataset's own, or its class's,
# replaced _as_serialized_graph does not decide what graph is sent.
_TO_GRAPH = _serializer()


def graph_bytes(ds: tf.data.Dataset) -> bytes:
    """The dataset's serialized GraphDef; external state (a py_function, a lookup table) is kept
    as it is, for the receiver to judge."""
    from tensorflow.python.data.ops.options import ExternalStatePolicy

    return _TO_GRAPH(ds, ExternalStatePolicy.IGNORE.value).numpy()


def encode_spec(spec: Any) -> str:
    from tensorflow.python.saved_model import nested_structure_coder

    return _b64(nested_structure_coder.encode_structure(spec).SerializeToString())


def _check_spec(spec: Any) -> None:
    if isinstance(spec, dict):
        for key, value in spec.items():
            if not isinstance(key, str):
                raise WireError("element spec has a dict key that is not a string")
            _check_spec(value)
    elif isinstance(spec, tuple) and type(spec) is tuple:
        for value in spec:
            _check_spec(value)
    elif not isinstance(spec, (tf.TensorSpec, tf.RaggedTensorSpec, tf.SparseTensorSpec)):
        raise WireError(f"element spec holds a {type(spec).__name__}; only tensors in tuples and dicts are read")


def decode_spec(text: str) -> Any:
    """An element spec from ``encode_spec``; only tensors (dense, ragged, sparse) in tuples and dicts."""
    from tensorflow.core.protobuf import struct_pb2
    from tensorflow.python.saved_model import nested_structure_coder

    proto = struct_pb2.StructuredValue()
    try:
        proto.ParseFromString(_unb64(text, 1 << 20))
        spec = nested_structure_coder.decode_proto(proto)
    except WireError:
        raise
    except Exception as exc:  # noqa: BLE001 - any malformed proto
        raise WireError(f"element spec does not decode ({type(exc).__name__})") from None
    _check_spec(spec)
    return spec


def encode_dataset(ds: tf.data.Dataset) -> dict[str, str]:
    """``{"graph", "spec"}``: what ``decode_graph`` and ``rebuild`` read back."""
    return {"graph": _b64(graph_bytes(ds)), "spec": encode_spec(ds.element_spec)}


def decode_graph(text: str) -> Any:
    """The GraphDef in ``text`` (base64), bounded in size."""
    graph = tf.compat.v1.GraphDef()
    try:
        graph.ParseFromString(_unb64(text, MAX_GRAPH_BYTES))
    except WireError:
        raise
    except Exception:  # noqa: BLE001 - protobuf's DecodeError and kin
        raise WireError("the dataset graph does not parse") from None
    return graph


def rebuild(graph: Any, spec: Any) -> tf.data.Dataset:
    """A dataset from its GraphDef and element spec (see ``encode_dataset``)."""
    from tensorflow.python.data.ops import dataset_ops
    from tensorflow.python.ops import gen_experimental_dataset_ops

    variant = gen_experimental_dataset_ops.dataset_from_graph(graph.SerializeToString())
    return dataset_ops.from_variant(variant, spec)


def encode_array(array: np.ndarray) -> dict[str, Any]:
    array = np.ascontiguousarray(array)
    return {"dtype": array.dtype.name, "shape": list(array.shape), "data": _b64(array.tobytes())}


def decode_array(wire: dict[str, Any]) -> np.ndarray:
    dtype, shape = wire.get("dtype"), wire.get("shape")
    if dtype not in _ARRAY_DTYPES or not isinstance(shape, list) or not all(isinstance(d, int) and d >= 0
                                                                             for d in shape):
        raise WireError("not an array description")
    data = _unb64(wire.get("data", ""), MAX_ARRAY_BYTES)
    if len(data) != int(np.prod(shape, dtype=np.int64)) * np.dtype(dtype).itemsize:
        raise WireError("array data does not match its shape")
    return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
