"""Grading a class on a Dask cluster (``grade-all --scheduler ADDRESS``).

Dask, not Ray: it is pure Python from PyPI, its scheduler address is a plain ``tcp://host:port``,
and ``LocalCluster`` runs the same code on one machine, which is how the tests use it. Each task
carries the submission's bytes (workers need not share a file system) and runs ``grader.submit``
on the worker, with the worker's own grader and catalog, so isolation and limits are the same
as anywhere else; the report comes back as JSON.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from grader.errors import UsageError
from grader.report.model import Report


def grade_remote(name: str, content: bytes, exercise_id: str, device: str, timeout_s: float | None) -> str:
    """On a worker: grade one submission from its bytes; returns the report as JSON."""
    from grader.api import submit

    with tempfile.TemporaryDirectory(prefix="grader-task-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return submit(path, exercise_id, device=device, timeout_s=timeout_s).model_dump_json()


def grade_on_cluster(scheduler: str, todo: dict[str, Path], exercise_id: str, device: str,
                     timeout_s: float | None) -> Iterator[tuple[str, Report]]:
    """Yield (learner, report) as the cluster finishes them."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask's distributed package: pip install 'grader[distributed]'") from None

    with Client(scheduler) as client:
        futures = {client.submit(grade_remote, path.name, path.read_bytes(), exercise_id, device, timeout_s,
                                 pure=False, key=f"grade-{learner}-{id(path)}"): learner
                   for learner, path in todo.items()}
        for future in as_completed(futures):
            yield futures[future], Report.model_validate_json(future.result())
