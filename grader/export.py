"""``grader export gradescope ID``: the autograder zip Gradescope asks for.

The zip holds ``setup.sh`` (installs a Python 3.11+ and the grader, with its notebook extra),
``run_autograder`` (grades the submission into ``/autograder/results/results.json``: ``exercise.py``,
else ``exercise.ipynb``, else the first ``.py``, else the first ``.ipynb``; for a quiz ``answers.yaml``,
else the first ``.yaml``/``.yml``; regular files only, never a symbolic link), the grader's source, and the one
exercise's catalog folder (nothing else of the catalog: not the other exercises, not drafts), so
hidden checks travel with the zip and never with learners.

Gradescope's base image is Ubuntu 22.04, whose ``python3`` is 3.10; the grader needs 3.11+.
``setup.sh`` takes ``$GRADER_PYTHON`` when set, else the first of python3.13, python3.12,
python3.11, python3 that is 3.11 or newer, else installs ``python3.11`` from the deadsnakes PPA
(the usual source of newer Pythons for Ubuntu LTS images, and reachable from Gradescope's builders).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from grader import catalog
from grader.errors import UsageError

SETUP = """#!/usr/bin/env bash
# Gradescope runs this once, when the autograder image is built (Ubuntu 22.04: python3 is 3.10).
set -euo pipefail
root=${AUTOGRADER:-/autograder}
new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }
python=""
if [ -n "${GRADER_PYTHON:-}" ]; then
  new_enough "$GRADER_PYTHON" || { echo "setup.sh: GRADER_PYTHON=$GRADER_PYTHON is not Python 3.11+" >&2; exit 1; }
  python=$GRADER_PYTHON
else
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 && new_enough "$candidate"; then
      python=$candidate
      break
    fi
  done
fi
if [ -z "$python" ]; then  # the distribution's Python is too old: deadsnakes has 3.11 for Ubuntu LTS
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y software-properties-common
  add-apt-repository -y ppa:deadsnakes/ppa
  apt-get update
  apt-get install -y python3.11 python3.11-venv
  python=python3.11
fi
echo "setup.sh: using $python"
"$python" -m venv "$root/venv"
"$root/venv/bin/python" -m pip install --upgrade pip
"$root/venv/bin/python" -m pip install "$root/source/grader-src[notebook]"  # [notebook]: .ipynb submissions
"""

RUN = """#!/usr/bin/env bash
# Gradescope runs this for every submission.
set -uo pipefail
root=${{AUTOGRADER:-/autograder}}
cd "$root/submission"
file=""
# Regular files only: a symbolic link could name any file of the image (the grader refuses one too).
for candidate in {candidates}; do  # in this order (ls would sort them)
  if [ -f "$candidate" ] && [ ! -L "$candidate" ]; then file=$candidate; break; fi
done
for pattern in {patterns}; do  # else one a folder down, outside hidden folders (.ipynb_checkpoints)
  if [ -z "$file" ]; then
    file=$(find . -maxdepth 2 -type f -name "$pattern" -not -path '*/.*' | sort | head -n 1)
  fi
done
export GRADER_EXERCISES="$root/source/catalog"
mkdir -p "$root/results"
if [ -z "$file" ]; then
  printf '{{"score": 0, "output": "No {wanted} file found in the submission."}}\\n' \\
    > "$root/results/results.json"
  exit 0
fi
rm -f "$root/results/results.json"
errors=$(mktemp)
"$root/venv/bin/grader" submit "$file" --exercise {exercise} --format gradescope \\
  --output "$root/results/results.json" 2> "$errors"
cat "$errors" >&2
if [ ! -s "$root/results/results.json" ]; then  # not graded (an unreadable notebook): say why, score 0
  "$root/venv/bin/python" -c 'import json, sys; print(json.dumps({{"score": 0, "output": sys.stdin.read()}}))' \\
    < "$errors" > "$root/results/results.json"
fi
exit 0
"""

_SOURCE = ("pyproject.toml", "README.md")
_SKIP = ("__pycache__", ".pyc")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(s in str(p) for s in _SKIP))


def gradescope_zip(exercise_id: str, output: Path) -> Path:
    """Write the autograder zip for one exercise; returns its path."""
    exercise = catalog.load_exercise(exercise_id)
    root = Path(__file__).resolve().parents[1]
    if not (root / "pyproject.toml").is_file():
        raise UsageError(f"grader export packs the grader's source, and {root} is an installed copy without it: "
                         "run it from a checkout of the grader (pip install -e .)")
    folder = Path(exercise.folder)
    quiz = exercise.kind == "quiz"
    # What is graded: the named file (exercise.py, else exercise.ipynb), else the first .py, else the
    # first .ipynb; shell globs, not ls, so that this order holds (ls sorts its arguments).
    run = RUN.format(candidates="answers.yaml *.yaml *.yml" if quiz else "exercise.py exercise.ipynb *.py *.ipynb",
                     patterns="'*.yaml' '*.yml'" if quiz else "'*.py' '*.ipynb'",
                     wanted=".yaml" if quiz else ".py or .ipynb", exercise=exercise_id)
    try:
        archive = zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED)
    except OSError as exc:  # a folder, a missing folder, no permission: the instructor's path
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    with archive:
        for name, text in (("setup.sh", SETUP), ("run_autograder", run)):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16
            archive.writestr(info, text)
        for name in _SOURCE:
            archive.write(root / name, f"grader-src/{name}")
        for path in _files(root / "grader"):
            if path.suffix == ".py":
                archive.write(path, f"grader-src/{path.relative_to(root)}")
        for path in _files(folder):  # the wheel packs exercises/ as its catalog: this exercise only
            archive.write(path, f"grader-src/exercises/{exercise_id}/{path.relative_to(folder)}")
            archive.write(path, f"catalog/{exercise_id}/{path.relative_to(folder)}")
    return output
