"""Run an instructor's code snippets (quiz keys) and report what each printed or raised.

``python -m grader.sandbox.snippets`` reads a JSON list of code strings on stdin and writes
a JSON list of ``{"ok", "stdout", "error"}`` on stdout. Each snippet runs with ``tf``
imported, in a fresh namespace. This is the instructor's own code, run by ``grader
validate``: it is trusted, but still kept out of the grader's process.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys


def run(snippets: list[str]) -> list[dict[str, object]]:
    """Execute each snippet; capture its stdout and its exception, if any."""
    import tensorflow as tf

    results = []
    for code in snippets:
        out = io.StringIO()
        error = None
        try:
            with contextlib.redirect_stdout(out):
                exec(compile(code, "<quiz code>", "exec"), {"tf": tf, "__name__": "__quiz__"})  # noqa: S102
        except Exception as exc:  # noqa: BLE001 - an exception is the outcome being checked
            error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        results.append({"ok": error is None, "stdout": out.getvalue(), "error": error})
    return results


if __name__ == "__main__":
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    answer = json.dumps(run(json.loads(sys.stdin.read())))
    sys.stdout.write(answer)
    sys.stdout.flush()
    os._exit(0)  # TensorFlow's teardown is slow and noisy
