"""grade-all against a loop of `grader submit`, on the same 50 generated submissions, in one run.

    .venv/bin/python benchmarks/grade_all.py [N] [EXERCISE]
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

BODIES = [
    "ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)",
    "ds.prefetch(tf.data.AUTOTUNE).batch(batch_size)",
    "ds.batch(batch_size, drop_remainder=True).prefetch(tf.data.AUTOTUNE)",
    "ds.batch(2).prefetch(2)",
    "ds.batch(batch_size)",
]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    folder = Path(tempfile.mkdtemp()) / "class"
    folder.mkdir()
    for number in range(count):
        body = BODIES[number % len(BODIES)]
        (folder / f"learner{number:03d}.py").write_text(
            f"import tensorflow as tf\n\n\ndef batch_and_prefetch(ds, batch_size):\n    return {body}\n")
    grader = str(Path(sys.executable).parent / "grader")
    start = time.monotonic()
    subprocess.run([grader, "grade-all", str(folder), "--exercise", "batch-then-prefetch", "--csv",
                    str(folder.parent / "grades.csv")], check=True, capture_output=True)
    batch = time.monotonic() - start
    start = time.monotonic()
    for path in sorted(folder.iterdir()):
        subprocess.run([grader, "submit", str(path), "--exercise", "batch-then-prefetch"], capture_output=True)
    loop = time.monotonic() - start
    print(f"{count} submissions of batch-then-prefetch")
    print(f"grade-all (warm workers, {__import__('os').cpu_count()} at once): {batch:6.1f} s")
    print(f"loop of grader submit:                     {loop:6.1f} s")
    print(f"ratio: {loop / batch:.1f}x")


if __name__ == "__main__":
    main()
