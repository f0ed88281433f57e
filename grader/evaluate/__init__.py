"""The evaluator: the one process that measures, and never runs learner Python.

``main`` (the process), ``client`` (its side of the builder), ``probes`` and ``properties`` (what
each check needs), ``graphs`` (which learner graphs may run), ``messages`` (what crosses its
boundaries), ``expressions`` (the instructor's spec expressions).
"""
