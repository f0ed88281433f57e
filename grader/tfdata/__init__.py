"""Everything that touches TensorFlow at module level lives here (and only here).

- ``stages``: the chain of transformations of a dataset, read from its own graph.
- ``values``: a dataset turned into plain, JSON-ready values (bounded).
"""
