"""What confine() costs a grading: median over N forks of a process that imported TensorFlow (as a warm
child is), of readable_paths() + confine() (issue 11 allows 0.2 s).

    .venv/bin/python benchmarks/confine_cost.py [N]
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    import tensorflow  # noqa: F401  - what a warm child carries

    from grader.sandbox import confine

    costs = []
    for _ in range(count):
        workdir = tempfile.mkdtemp(prefix="confine-cost-")
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            started = time.perf_counter()
            held = confine.confine(confine.readable_paths([workdir]), [workdir])
            cost = time.perf_counter() - started
            os.write(write, f"{cost} {held['filesystem']}".encode())
            os._exit(0)
        os.close(write)
        cost, _, held = os.read(read, 200).decode().partition(" ")
        os.close(read)
        os.waitpid(pid, 0)
        shutil.rmtree(workdir, ignore_errors=True)
        costs.append(float(cost))
    print(f"confine cost: median {statistics.median(costs) * 1000:.1f} ms, max {max(costs) * 1000:.1f} ms "
          f"over {count} forks (Landlock ABI {confine.landlock_abi()}, filesystem: {held})")


if __name__ == "__main__":
    main()
