"""What one ``grader submit`` costs next to a bare ``import tensorflow``, measured in the same run.

Usage: ``.venv/bin/python benchmarks/submit_cost.py [ROUNDS]``. Each round times both commands,
alternately, as fresh processes; the medians and their ratio are printed. Run it on an idle machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUBMISSION = ROOT / "solutions" / "prefetch-basics.py"


def _seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    bare, graded = [], []
    for _ in range(rounds):
        bare.append(_seconds([sys.executable, "-c", "import tensorflow"]))
        graded.append(_seconds([sys.executable, "-m", "grader", "submit", str(SUBMISSION),
                                "--exercise", "prefetch-basics"]))
    import_s, submit_s = statistics.median(bare), statistics.median(graded)
    print(f"{rounds} rounds, {SUBMISSION.name}")
    print(f"python -c 'import tensorflow':  {import_s:6.2f} s (median)")
    print(f"grader submit:                   {submit_s:6.2f} s (median)")
    print(f"ratio: {submit_s / import_s:.2f}x (target: at most 1.5x)")


if __name__ == "__main__":
    main()
