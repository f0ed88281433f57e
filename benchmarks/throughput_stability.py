"""Is the throughput verdict stable? Grade a prefetching and a sequential overlap-slow-pipeline
submission K times each, on an idle machine and with every core busy, and print the verdict
flips (must be 0), the spread of the measured speedup, and the efficiency (measured / ideal).

    .venv/bin/python benchmarks/throughput_stability.py [K]
"""

from __future__ import annotations

import multiprocessing
import os
import re
import statistics
import sys
import tempfile
from pathlib import Path

from grader import submit

SUBMISSIONS = {
    "prefetching": ("ds.map(load).prefetch(tf.data.AUTOTUNE)", True),
    "sequential": ("ds.map(load)", False),
}
PATTERN = re.compile(r"([\d.]+)x faster than the sequential baseline \(ideal ([\d.]+)x")


def _spin(stop) -> None:
    while not stop.is_set():
        sum(range(10_000))


def _grade_many(path: Path, times: int) -> list[tuple[bool, float, float]]:
    out = []
    for _ in range(times):
        report = submit(path, "overlap-slow-pipeline", device="cpu")
        check = next(c for c in report.checks if c.kind == "throughput")
        speedup, ideal = map(float, PATTERN.search(check.message).groups())
        out.append((check.passed, speedup, ideal))
    return out


def main() -> None:
    times = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    folder = Path(tempfile.mkdtemp())
    paths = {}
    for name, (body, _) in SUBMISSIONS.items():
        paths[name] = folder / f"{name}.py"
        paths[name].write_text(f"import tensorflow as tf\n\n\ndef fast_pipeline(ds, load):\n    return {body}\n")
    print(f"{'condition':<15} {'submission':<12} {'n':>3} {'flips':>5} {'speedup min/median/max':>24} "
          f"{'efficiency':>10}")
    for condition in ("idle", "all cores busy"):
        stop = multiprocessing.Event()
        spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True)
                    for _ in range(os.cpu_count() or 2)] if condition != "idle" else []
        for spinner in spinners:
            spinner.start()
        try:
            for name, (_, should_pass) in SUBMISSIONS.items():
                results = _grade_many(paths[name], times)
                flips = sum(passed != should_pass for passed, _, _ in results)
                speedups = [s for _, s, _ in results]
                efficiency = statistics.median(s / i for _, s, i in results)
                print(f"{condition:<15} {name:<12} {len(results):>3} {flips:>5} "
                      f"{min(speedups):>8.2f} {statistics.median(speedups):>6.2f} {max(speedups):>8.2f} "
                      f"{efficiency:>10.0%}", flush=True)
        finally:
            stop.set()
            for spinner in spinners:
                spinner.join()


if __name__ == "__main__":
    main()
