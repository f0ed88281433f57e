"""Hypothesis strategies for tf.data inputs, as plain descriptions that render as runnable code.

A description is ``{"length": n, "structure": tree}`` where a leaf of the tree is
``{"dtype": ..., "shape": [...], "values": [...]}`` (one value per element). It turns into
``tf.data.Dataset.from_tensor_slices(...)`` with ``build``, and into the same call as source
text with ``code``, so a shrunk failing input can be pasted and run by the learner.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

DTYPES = ("int32", "int64", "float32", "bool", "string")
MAX_LENGTH = 40  # well past any small magic number (5, 10, 20) a submission might hard-code


def _scalar(dtype: str) -> st.SearchStrategy:
    return {
        "int32": st.integers(-100, 100),
        "int64": st.integers(-1000, 1000),
        "float32": st.integers(-1000, 1000).map(lambda i: i / 4),  # exact in float32
        "bool": st.booleans(),
        "string": st.text(alphabet="abcxyz", max_size=3),
    }[dtype]


@st.composite
def _leaf(draw: Any, length: int, dtypes: tuple[str, ...] = DTYPES) -> dict[str, Any]:
    dtype = draw(st.sampled_from(dtypes))
    shape = draw(st.sampled_from([[], [], [2], [3]]))
    size = shape[0] if shape else None
    value = _scalar(dtype) if size is None else st.lists(_scalar(dtype), min_size=size, max_size=size)
    return {"dtype": dtype, "shape": shape, "values": draw(st.lists(value, min_size=length, max_size=length))}


def _structure(length: int, dtypes: tuple[str, ...], nested: bool = True) -> st.SearchStrategy:
    leaf = _leaf(length, dtypes)
    options = [leaf, st.tuples(leaf, leaf),
               st.dictionaries(st.sampled_from(["x", "y", "label"]), leaf, min_size=1, max_size=2)]
    if nested:
        options.append(st.tuples(leaf, st.dictionaries(st.sampled_from(["a", "b"]), leaf, min_size=1, max_size=2)))
    return st.one_of(*options)


@st.composite
def datasets(draw: Any, max_length: int = MAX_LENGTH, structures: bool = True,
             dtypes: tuple[str, ...] = DTYPES) -> dict[str, Any]:
    """A finite dataset description: length 0 to ``max_length``; scalar, tuple, dict or nested elements."""
    length = draw(st.integers(0, max_length))
    structure = draw(_structure(length, dtypes) if structures else _leaf(length, dtypes))
    return {"length": length, "structure": structure}


def _is_leaf(node: Any) -> bool:
    return isinstance(node, dict) and "dtype" in node


def build(description: dict[str, Any]) -> Any:
    """The ``tf.data.Dataset`` a description stands for."""
    import tensorflow as tf

    def tensors(node: Any) -> Any:
        if _is_leaf(node):
            shape = [description["length"], *node["shape"]]
            return tf.constant(node["values"], dtype=tf.as_dtype(node["dtype"]), shape=shape)
        if isinstance(node, tuple | list):
            return tuple(tensors(child) for child in node)
        return {key: tensors(child) for key, child in node.items()}

    return tf.data.Dataset.from_tensor_slices(tensors(description["structure"]))


def _literal(node: dict[str, Any], length: int) -> str:
    dtype = node["dtype"]
    plain = dtype in ("int32", "float32", "bool", "string")  # what tf.constant infers from Python values
    if length and plain:
        return repr(node["values"])
    shape = f", shape={[length, *node['shape']]}" if not length else ""
    return f"tf.constant({node['values']!r}, dtype=tf.{dtype}{shape})"


def code(description: dict[str, Any]) -> str:
    """The description as Python a learner can run: ``tf.data.Dataset.from_tensor_slices(...)``."""
    def source(node: Any) -> str:
        if _is_leaf(node):
            return _literal(node, description["length"])
        if isinstance(node, tuple | list):
            return "(" + ", ".join(source(child) for child in node) + ")"
        return "{" + ", ".join(f"{key!r}: {source(child)}" for key, child in node.items()) + "}"

    return f"tf.data.Dataset.from_tensor_slices({source(description['structure'])})"
