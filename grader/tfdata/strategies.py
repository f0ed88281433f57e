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


def _leaf(dtypes: tuple[str, ...]) -> st.SearchStrategy:
    """A leaf's type (its values come later, row by row)."""
    return st.builds(lambda dtype, shape: {"dtype": dtype, "shape": shape},
                     st.sampled_from(dtypes), st.sampled_from([[], [], [2], [3]]))


def _structure(dtypes: tuple[str, ...]) -> st.SearchStrategy:
    leaf = _leaf(dtypes)
    return st.one_of(leaf, st.tuples(leaf, leaf),
                     st.dictionaries(st.sampled_from(["x", "y", "label"]), leaf, min_size=1, max_size=2),
                     st.tuples(leaf, st.dictionaries(st.sampled_from(["a", "b"]), leaf, min_size=1, max_size=2)))


def _leaves(node: Any) -> list[dict[str, Any]]:
    if _is_leaf(node):
        return [node]
    return [leaf for child in (node if isinstance(node, tuple) else node.values()) for leaf in _leaves(child)]


def _value(leaf: dict[str, Any]) -> st.SearchStrategy:
    scalar = _scalar(leaf["dtype"])
    return st.lists(scalar, min_size=leaf["shape"][0], max_size=leaf["shape"][0]) if leaf["shape"] else scalar


@st.composite
def datasets(draw: Any, max_length: int = MAX_LENGTH, structures: bool = True,
             dtypes: tuple[str, ...] = DTYPES) -> dict[str, Any]:
    """A finite dataset description: length 0 to ``max_length``; scalar, tuple, dict or nested elements.

    The elements are drawn as one list of rows (a row holds every leaf's value for one element),
    at least a drawn number of them and at most 3 more: lengths spread over the whole range (a
    plain list would be 5 elements long on average), and a failing input shrinks by deleting rows
    (a few steps), not by zeroing the values of a fixed-length input one at a time (one step per
    element: three times the examples, each a round trip to the learner's process)."""
    structure = draw(_structure(dtypes) if structures else _leaf(dtypes))
    leaves = _leaves(structure)
    least = draw(st.integers(0, max_length))
    rows = draw(st.lists(st.tuples(*map(_value, leaves)), min_size=least, max_size=min(max_length, least + 3)))

    def filled(node: Any) -> Any:
        if _is_leaf(node):
            column = next(index for index, leaf in enumerate(leaves) if leaf is node)
            return {**node, "values": [row[column] for row in rows]}
        if isinstance(node, tuple):
            return tuple(filled(child) for child in node)
        return {key: filled(child) for key, child in node.items()}

    return {"length": len(rows), "structure": filled(structure)}


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
